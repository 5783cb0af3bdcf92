import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  type Hex,
  parseEther,
  zeroAddress,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { safeAbi } from "./abis.ts";
import { buildSafeTransaction } from "./buildSafeTransaction.ts";
import { decodeMultiSend } from "./decodeMultiSend.ts";
import { SafeError } from "./errors.ts";
import { executeSafeTransaction } from "./executeSafeTransaction.ts";
import { getSafeInfo } from "./getSafeInfo.ts";
import { hashSafeTransaction } from "./hashSafeTransaction.ts";
import { recoverSafeSigner } from "./recoverSafeSigner.ts";
import { type SafeDevnet, startSafeDevnet } from "./safeFixture.ts";
import { signSafeTransaction } from "./signSafeTransaction.ts";
import type { SafeTransaction } from "./types.ts";
import { verifySafeSignature } from "./verifySafeSignature.ts";

const isCode = (code: string) => (e: unknown) => e instanceof SafeError && e.code === code;

describe("Safe transactions on anvil", () => {
  let d: SafeDevnet;
  const recipient = (): Address => privateKeyToAccount(generatePrivateKey()).address;
  const sign = (i: 0 | 1 | 2, tx: SafeTransaction) =>
    signSafeTransaction(d.owners[i], { chainId: d.chainId, safe: d.safe, tx });

  before(async () => {
    d = await startSafeDevnet();
  });
  after(async () => {
    await d?.stop();
  });

  it("executes a 2-of-3 ETH transfer sent by a non-owner", async () => {
    const to = recipient();
    const tx = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [{ to, value: parseEther("1") }],
    });
    assert.equal(tx.operation, 0);
    assert.equal(tx.nonce, 0n);
    const signatures = [await sign(2, tx), await sign(0, tx)];
    const receipt = await executeSafeTransaction({
      publicClient: d.publicClient,
      walletClient: d.executorClient,
      safe: d.safe,
      tx,
      signatures,
    });
    assert.equal(receipt.status, "success");
    console.log(`execTransaction (ETH transfer) gasUsed=${receipt.gasUsed}`);
    assert.equal(await d.publicClient.getBalance({ address: to }), parseEther("1"));
    assert.equal((await getSafeInfo(d.publicClient, d.safe)).nonce, 1n);
  });

  it("executes a MultiSendCallOnly batch of two transfers", async () => {
    const [a, b] = [recipient(), recipient()];
    const tx = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [
        { to: a, value: 2n },
        { to: b, value: 3n, data: "0x" },
      ],
      multiSend: d.infrastructure.multiSendCallOnly,
    });
    assert.equal(tx.operation, 1);
    assert.equal(tx.to, d.infrastructure.multiSendCallOnly);
    assert.deepEqual(
      decodeMultiSend(tx.data).map((c) => [c.to, c.value]),
      [
        [a, 2n],
        [b, 3n],
      ],
    );
    const receipt = await executeSafeTransaction({
      publicClient: d.publicClient,
      walletClient: d.executorClient,
      safe: d.safe,
      tx,
      signatures: [await sign(0, tx), await sign(1, tx)],
    });
    console.log(`execTransaction (MultiSend batch of 2) gasUsed=${receipt.gasUsed}`);
    assert.equal(await d.publicClient.getBalance({ address: a }), 2n);
    assert.equal(await d.publicClient.getBalance({ address: b }), 3n);
  });

  it("refuses a batch target that is not MultiSendCallOnly", async () => {
    await assert.rejects(
      buildSafeTransaction({
        publicClient: d.publicClient,
        safe: d.safe,
        calls: [{ to: recipient() }, { to: recipient() }],
        multiSend: d.infrastructure.multiSend,
      }),
      isCode("CODE_MISMATCH"),
    );
    await assert.rejects(
      buildSafeTransaction({
        publicClient: d.publicClient,
        safe: d.safe,
        calls: [{ to: recipient() }, { to: recipient() }],
      }),
      isCode("INVALID_ARGUMENT"),
    );
    await assert.rejects(
      buildSafeTransaction({ publicClient: d.publicClient, safe: d.safe, calls: [] }),
      isCode("INVALID_ARGUMENT"),
    );
  });

  it("checks signatures before sending anything", async () => {
    const tx = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [{ to: recipient(), value: 1n }],
    });
    const exec = (signatures: Hex[], t = tx) =>
      executeSafeTransaction({
        publicClient: d.publicClient,
        walletClient: d.executorClient,
        safe: d.safe,
        tx: t,
        signatures,
      });
    const blockBefore = await d.publicClient.getBlockNumber();
    const s0 = await sign(0, tx);
    await assert.rejects(exec([s0]), isCode("THRESHOLD_NOT_MET"));
    // What the pre-check saves: on chain, one signature for a 2-of-3 Safe reverts with GS020.
    await assert.rejects(
      d.publicClient.simulateContract({
        account: d.executorClient.account,
        address: d.safe,
        abi: safeAbi,
        functionName: "execTransaction",
        args: [tx.to, tx.value, tx.data, tx.operation, 0n, 0n, 0n, zeroAddress, zeroAddress, s0],
      }),
      (e: unknown) =>
        e instanceof BaseError &&
        e.walk((x) => x instanceof ContractFunctionRevertedError && x.reason === "GS020") !== null,
    );
    await assert.rejects(exec([s0, s0]), isCode("DUPLICATE_SIGNATURE"));
    const outsiderSig = await signSafeTransaction(d.outsider, { chainId: d.chainId, safe: d.safe, tx });
    await assert.rejects(exec([s0, outsiderSig]), isCode("SIGNER_NOT_OWNER"));
    await assert.rejects(exec([s0, "0x1234"]), isCode("SIGNATURE_INVALID"));
    await assert.rejects(
      exec([s0, await sign(1, tx)], { ...tx, nonce: tx.nonce + 1n }),
      isCode("NONCE_MISMATCH"),
    );
    assert.equal(await d.publicClient.getBlockNumber(), blockBefore, "no transaction was sent");
  });

  it("reports a reverting inner call as SAFE_TX_REVERTED (safeTxGas 0) and SAFE_TX_FAILED (safeTxGas > 0)", async () => {
    const tooMuch = parseEther("1000");
    const tx0 = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [{ to: recipient(), value: tooMuch }],
    });
    await assert.rejects(
      executeSafeTransaction({
        publicClient: d.publicClient,
        walletClient: d.executorClient,
        safe: d.safe,
        tx: tx0,
        signatures: [await sign(0, tx0), await sign(1, tx0)],
      }),
      (e: unknown) => isCode("SAFE_TX_REVERTED")(e) && (e as SafeError).details?.reason === "GS013",
    );
    const tx1 = { ...tx0, safeTxGas: 50_000n };
    const nonce = (await getSafeInfo(d.publicClient, d.safe)).nonce;
    await assert.rejects(
      executeSafeTransaction({
        publicClient: d.publicClient,
        walletClient: d.executorClient,
        safe: d.safe,
        tx: tx1,
        signatures: [await sign(0, tx1), await sign(1, tx1)],
      }),
      (e: unknown) =>
        isCode("SAFE_TX_FAILED")(e) &&
        /^0x[0-9a-f]{64}$/.test(String((e as SafeError).details?.transactionHash)),
    );
    assert.equal(
      (await getSafeInfo(d.publicClient, d.safe)).nonce,
      nonce + 1n,
      "ExecutionFailure consumes the nonce",
    );
  });

  it("verifySafeSignature: non-owner, other hash (with and without the expected signer), malformed", async () => {
    const tx = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [{ to: recipient() }],
    });
    const safeTxHash = hashSafeTransaction({ chainId: d.chainId, safe: d.safe, tx });
    const verify = (signature: Hex, expectedSigner?: Address) =>
      verifySafeSignature({
        publicClient: d.publicClient,
        safe: d.safe,
        safeTxHash,
        signature,
        expectedSigner,
      });
    const good = await sign(1, tx);
    assert.equal((await verify(good)).signer, d.owners[1].address);
    assert.equal((await verify(good, d.owners[1].address)).signer, d.owners[1].address);

    const outsider = await signSafeTransaction(d.outsider, { chainId: d.chainId, safe: d.safe, tx });
    await assert.rejects(verify(outsider), isCode("SIGNER_NOT_OWNER"));
    const viaWalletClient = await signSafeTransaction(d.deployerClient, {
      chainId: d.chainId,
      safe: d.safe,
      tx,
    });
    assert.equal(
      (await recoverSafeSigner(safeTxHash, viaWalletClient)).signer,
      d.deployerClient.account.address,
    );
    await assert.rejects(verify(viaWalletClient), isCode("SIGNER_NOT_OWNER"));

    const otherHash = await sign(1, { ...tx, nonce: tx.nonce + 7n });
    await assert.rejects(verify(otherHash), isCode("SIGNER_NOT_OWNER"));
    await assert.rejects(verify(otherHash, d.owners[1].address), isCode("SIGNATURE_MISMATCH"));

    const v0 = `${good.slice(0, 130)}${good.endsWith("1b") ? "00" : "01"}` as Hex;
    assert.equal((await verify(v0)).signature, good, "v 0/1 is normalized to 27/28");
    for (const bad of [
      "0x",
      `${good}00`,
      `${good.slice(0, 130)}1f`,
      `0x${"00".repeat(64)}1b`,
      "not hex",
    ] as Hex[]) {
      await assert.rejects(verify(bad), isCode("SIGNATURE_INVALID"), bad);
    }
  });

  it("a self-call changeThreshold works through the same path", async () => {
    const data = encodeFunctionData({ abi: safeAbi, functionName: "changeThreshold", args: [3n] });
    const tx = await buildSafeTransaction({
      publicClient: d.publicClient,
      safe: d.safe,
      calls: [{ to: d.safe, data }],
    });
    await executeSafeTransaction({
      publicClient: d.publicClient,
      walletClient: d.executorClient,
      safe: d.safe,
      tx,
      signatures: [await sign(1, tx), await sign(2, tx)],
    });
    const info = await getSafeInfo(d.publicClient, d.safe);
    assert.equal(info.threshold, 3);
    assert.equal(info.guard, zeroAddress);
  });
});
