import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Address, encodeFunctionData, type Hex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { safeAbi } from "./abis.ts";
import { addSignature } from "./addSignature.ts";
import { createJsonProposalStore } from "./createJsonProposalStore.ts";
import { SafeError } from "./errors.ts";
import { executeProposal } from "./executeProposal.ts";
import { executeSafeTransaction } from "./executeSafeTransaction.ts";
import { getSafeInfo } from "./getSafeInfo.ts";
import { proposeCancellation } from "./proposeCancellation.ts";
import { proposeSafeTransaction } from "./proposeSafeTransaction.ts";
import { refreshProposals } from "./refreshProposals.ts";
import { type SafeDevnet, startSafeDevnet } from "./safeFixture.ts";
import { signSafeTransaction } from "./signSafeTransaction.ts";
import type { Proposal, ProposalStore, SafeCall } from "./types.ts";

const isCode = (code: string) => (e: unknown) => e instanceof SafeError && e.code === code;
const recipient = (): Address => privateKeyToAccount(generatePrivateKey()).address;
const unknownId = `0x${"ee".repeat(32)}` as Hex;

describe("proposal lifecycle on anvil", () => {
  let d: SafeDevnet;
  let dir: string;
  let store: ProposalStore;

  const propose = (calls: SafeCall[], extra: { nonce?: bigint; safeTxGas?: bigint } = {}) =>
    proposeSafeTransaction({
      publicClient: d.publicClient,
      store,
      safe: d.safe,
      calls,
      multiSend: d.infrastructure.multiSendCallOnly,
      description: "test",
      createdBy: "tester",
      ...extra,
    });
  const signature = (owner: 0 | 1 | 2, p: Proposal) =>
    signSafeTransaction(d.owners[owner], { chainId: p.chainId, safe: p.safe, tx: p.tx });
  const sign = async (owner: 0 | 1 | 2, p: Proposal) =>
    addSignature({ publicClient: d.publicClient, store, id: p.id, signature: await signature(owner, p) });
  const execute = (id: Hex) =>
    executeProposal({ publicClient: d.publicClient, walletClient: d.executorClient, store, id });
  const get = async (id: Hex) => {
    const p = await store.get(id);
    assert.ok(p, `proposal ${id} exists`);
    return p;
  };

  before(async () => {
    d = await startSafeDevnet();
    dir = await mkdtemp(join(tmpdir(), "coinscious-safe-proposals-"));
    store = createJsonProposalStore(join(dir, "proposals.json"));
  });
  after(async () => {
    await d?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("proposes an ETH transfer, collects two signatures, executes it (one signature is not enough)", async () => {
    const to = recipient();
    const p = await propose([{ to, value: parseEther("1") }]);
    assert.equal(p.id, p.safeTxHash);
    assert.match(p.id, /^0x[0-9a-f]{64}$/);
    assert.equal(p.status, "pending");
    assert.equal(p.tx.nonce, 0n);
    assert.deepEqual(
      await propose([{ to, value: parseEther("1") }], { nonce: 0n }),
      p,
      "proposing the same transaction (same nonce) returns the existing proposal",
    );

    const one = await sign(0, p);
    assert.equal(one.signatures.length, 1);
    assert.equal(one.signatures[0]?.signer, d.owners[0].address);
    await assert.rejects(execute(p.id), isCode("THRESHOLD_NOT_MET"));
    assert.equal((await get(p.id)).status, "pending");

    await sign(2, p);
    const { proposal, receipt } = await execute(p.id);
    assert.equal(proposal.status, "executed");
    assert.equal(proposal.executedTxHash, receipt.transactionHash);
    assert.equal(await d.publicClient.getBalance({ address: to }), parseEther("1"));
    await assert.rejects(execute(p.id), isCode("PROPOSAL_NOT_PENDING"));
    await assert.rejects(sign(1, p), isCode("PROPOSAL_NOT_PENDING"));
    await assert.rejects(propose([{ to, value: 1n }], { nonce: 0n }), isCode("NONCE_MISMATCH"));
  });

  it("executes a MultiSend batch of two transfers", async () => {
    const [a, b] = [recipient(), recipient()];
    const p = await propose([
      { to: a, value: 11n },
      { to: b, value: 22n },
    ]);
    assert.equal(p.tx.operation, 1);
    await sign(1, p);
    await sign(0, p);
    await execute(p.id);
    assert.equal(await d.publicClient.getBalance({ address: a }), 11n);
    assert.equal(await d.publicClient.getBalance({ address: b }), 22n);
  });

  it("rejects non-owner, wrong-hash, duplicate and malformed signatures; unknown ids", async () => {
    const p = await propose([{ to: recipient(), value: 1n }]);
    const add = (sig: Hex, signer?: Address) =>
      addSignature({
        publicClient: d.publicClient,
        store,
        id: p.id,
        signature: sig,
        ...(signer ? { signer } : {}),
      });

    const outsider = await signSafeTransaction(d.outsider, { chainId: p.chainId, safe: p.safe, tx: p.tx });
    await assert.rejects(add(outsider), isCode("SIGNER_NOT_OWNER"));

    const otherHash = await signSafeTransaction(d.owners[1], {
      chainId: p.chainId,
      safe: p.safe,
      tx: { ...p.tx, value: 2n },
    });
    await assert.rejects(add(otherHash), isCode("SIGNER_NOT_OWNER"));
    await assert.rejects(add(otherHash, d.owners[1].address), isCode("SIGNATURE_MISMATCH"));
    await assert.rejects(add("0xabcdef"), isCode("SIGNATURE_INVALID"));

    await add(await signature(1, p), d.owners[1].address);
    await assert.rejects(add(await signature(1, p)), isCode("DUPLICATE_SIGNATURE"));
    assert.equal((await get(p.id)).signatures.length, 1);

    await assert.rejects(
      addSignature({ publicClient: d.publicClient, store, id: unknownId, signature: await signature(0, p) }),
      isCode("PROPOSAL_NOT_FOUND"),
    );
    await assert.rejects(execute(unknownId), isCode("PROPOSAL_NOT_FOUND"));
    await assert.rejects(
      proposeCancellation({ publicClient: d.publicClient, store, id: unknownId }),
      isCode("PROPOSAL_NOT_FOUND"),
    );
    // Leave the queue clean for the next tests: this one executes.
    await sign(2, p);
    await execute(p.id);
  });

  it("keeps two owners' simultaneous signatures (optimistic concurrency retried)", async () => {
    const p = await propose([{ to: recipient(), value: 1n }]);
    const [s0, s2] = await Promise.all([signature(0, p), signature(2, p)]);
    await Promise.all([
      addSignature({ publicClient: d.publicClient, store, id: p.id, signature: s0 }),
      addSignature({ publicClient: d.publicClient, store, id: p.id, signature: s2 }),
    ]);
    assert.deepEqual(
      (await get(p.id)).signatures.map((s) => s.signer).sort(),
      [d.owners[0].address, d.owners[2].address].sort(),
    );
    await execute(p.id);
  });

  it("queues proposals at successive nonces; a replacement at the same nonce marks the other replaced", async () => {
    const nonce = (await getSafeInfo(d.publicClient, d.safe)).nonce;
    const first = await propose([{ to: recipient(), value: 1n }]);
    const second = await propose([{ to: recipient(), value: 2n }]);
    assert.equal(first.tx.nonce, nonce);
    assert.equal(second.tx.nonce, nonce + 1n, "the default nonce queues after pending proposals");
    const replacement = await propose([{ to: recipient(), value: 3n }], { nonce });
    assert.equal(replacement.tx.nonce, nonce);
    await sign(0, first);
    await sign(1, first);
    await sign(1, second);
    await sign(2, second);

    await assert.rejects(execute(second.id), isCode("NONCE_MISMATCH"), "not next in line");
    await sign(0, replacement);
    await sign(2, replacement);
    await execute(replacement.id);

    const replaced = await get(first.id);
    assert.equal(replaced.status, "replaced");
    assert.equal(replaced.replacedBy, replacement.id);
    assert.ok(replaced.updatedAt);
    await assert.rejects(execute(first.id), isCode("PROPOSAL_NOT_PENDING"));

    await execute(second.id);
    assert.equal((await get(second.id)).status, "executed");
    assert.deepEqual(await store.list({ status: "pending", safe: d.safe }), []);
  });

  it("cancels a proposal by executing a no-op at its nonce", async () => {
    const target = await propose([{ to: recipient(), value: parseEther("2") }]);
    await sign(0, target);
    await sign(1, target); // fully signed: only using its nonce can stop it now
    const cancel = await proposeCancellation({ publicClient: d.publicClient, store, id: target.id });
    assert.equal(cancel.tx.nonce, target.tx.nonce);
    assert.equal(cancel.tx.to, d.safe);
    assert.equal(cancel.tx.value, 0n);
    assert.equal(cancel.tx.data, "0x");
    await sign(2, cancel);
    await sign(1, cancel);
    await execute(cancel.id);
    const cancelled = await get(target.id);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.replacedBy, cancel.id);
    assert.equal((await get(cancel.id)).status, "executed");
  });

  it("refreshProposals finds an execution done outside the store (from the Safe's logs)", async () => {
    const outside = await propose([{ to: recipient(), value: 5n }]);
    const sibling = await propose([{ to: recipient(), value: 6n }], { nonce: outside.tx.nonce });
    await executeSafeTransaction({
      publicClient: d.publicClient,
      walletClient: d.deployerClient,
      safe: d.safe,
      tx: outside.tx,
      signatures: [await signature(0, outside), await signature(1, outside)],
    });
    assert.equal((await get(outside.id)).status, "pending");
    const { nonce, updated } = await refreshProposals({ publicClient: d.publicClient, store, safe: d.safe });
    assert.equal(nonce, outside.tx.nonce + 1n);
    assert.deepEqual(
      updated.map((p) => [p.id, p.status]).sort(),
      [
        [outside.id, "executed"],
        [sibling.id, "replaced"],
      ].sort(),
    );
    assert.match(String((await get(outside.id)).executedTxHash), /^0x[0-9a-f]{64}$/);
    assert.equal((await get(sibling.id)).replacedBy, outside.id);
    assert.deepEqual(
      (await refreshProposals({ publicClient: d.publicClient, store, safe: d.safe })).updated,
      [],
    );
  });

  it("records a mined but failed inner call as failed (SAFE_TX_FAILED)", async () => {
    const p = await propose([{ to: recipient(), value: parseEther("1000") }], { safeTxGas: 60_000n });
    await sign(0, p);
    await sign(1, p);
    await assert.rejects(execute(p.id), isCode("SAFE_TX_FAILED"));
    const failed = await get(p.id);
    assert.equal(failed.status, "failed");
    assert.match(String(failed.executedTxHash), /^0x[0-9a-f]{64}$/);
  });

  it("drops signatures of removed owners at execution and refuses new ones from them", async () => {
    const [o0, o1, o2] = d.owners.map((o) => o.address) as [Address, Address, Address];
    // owners are linked in setup order, so o0 precedes o1
    const swap = await propose([
      {
        to: d.safe,
        data: encodeFunctionData({
          abi: safeAbi,
          functionName: "swapOwner",
          args: [o0, o1, d.outsider.address],
        }),
      },
    ]);
    const pay = await propose([{ to: recipient(), value: 9n }]);
    assert.equal(pay.tx.nonce, swap.tx.nonce + 1n);
    await sign(0, pay);
    await sign(1, pay); // o1 is still an owner here
    await sign(0, swap);
    await sign(2, swap);
    await execute(swap.id);
    assert.deepEqual((await getSafeInfo(d.publicClient, d.safe)).owners, [o0, d.outsider.address, o2]);

    await assert.rejects(execute(pay.id), isCode("THRESHOLD_NOT_MET"), "o1's signature no longer counts");
    await assert.rejects(
      addSignature({
        publicClient: d.publicClient,
        store,
        id: pay.id,
        signature: await signature(1, pay),
        signer: o1,
      }),
      isCode("SIGNER_NOT_OWNER"),
    );
    const late = await propose([{ to: recipient(), value: 10n }], { nonce: pay.tx.nonce });
    await assert.rejects(sign(1, late), isCode("SIGNER_NOT_OWNER"));
    const outsiderSig = await signSafeTransaction(d.outsider, {
      chainId: pay.chainId,
      safe: pay.safe,
      tx: pay.tx,
    });
    await addSignature({ publicClient: d.publicClient, store, id: pay.id, signature: outsiderSig });
    const { proposal } = await execute(pay.id);
    assert.equal(proposal.status, "executed");
    assert.equal((await get(late.id)).status, "replaced");
  });

  it("refuses a proposal whose stored transaction no longer matches its hash", async () => {
    const p = await propose([{ to: recipient(), value: 7n }]);
    await store.put({ ...p, tx: { ...p.tx, value: 7_000n } });
    await assert.rejects(sign(0, p), isCode("PROPOSAL_CORRUPT"));
    await assert.rejects(execute(p.id), isCode("PROPOSAL_CORRUPT"));
  });
});
