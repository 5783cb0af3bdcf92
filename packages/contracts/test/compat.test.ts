/**
 * Compatibility of the token with clients written for other ABIs:
 *  (a) a client using viem's standard `erc20Abi`;
 *  (b) a client using the ERC-3643 token interface shipped by the T-REX npm package. T-REX 4.1.6 has no
 *      `IERC3643` artifact; its ERC-3643 token interface is `IToken` (token/IToken.sol), used here.
 * Every function both ABIs define with the same selector is called through the foreign ABI and its effect
 * checked; events with the same signature are decoded with the foreign ABI.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import {
  type Abi,
  type AbiEvent,
  type AbiFunction,
  type Address,
  decodeEventLog,
  erc20Abi,
  type Hex,
  parseEventLogs,
  type TransactionReceipt,
  toEventSelector,
  toFunctionSelector,
  toFunctionSignature,
  zeroAddress,
} from "viem";
import { securityTokenAbi } from "../generated/index.ts";
import { deployFixture, type Fixture, walletAddress } from "./helpers/fixture.ts";

const require = createRequire(import.meta.url);
const TREX_ITOKEN = "@tokenysolutions/t-rex/artifacts/contracts/token/IToken.sol/IToken.json";
const trexAbi = (require(TREX_ITOKEN) as { abi: Abi }).abi;

const functionsOf = (abi: Abi) => abi.filter((x): x is AbiFunction => x.type === "function");
const eventsOf = (abi: Abi) => abi.filter((x): x is AbiEvent => x.type === "event");
const ourSelectors = new Map(functionsOf(securityTokenAbi as Abi).map((fn) => [toFunctionSelector(fn), fn]));
const ourEventSelectors = new Set(eventsOf(securityTokenAbi as Abi).map((e) => toEventSelector(e)));

/** IToken functions our token implements with the same selector (T-REX's definitions), and those it does not. */
const shared = functionsOf(trexAbi).filter((fn) => ourSelectors.has(toFunctionSelector(fn)));
const missing = functionsOf(trexAbi).filter((fn) => !ourSelectors.has(toFunctionSelector(fn)));
const trexEventBySelector = new Map(eventsOf(trexAbi).map((e) => [toEventSelector(e), e]));

const ERC20_SIGNATURES = [
  "name()",
  "symbol()",
  "decimals()",
  "totalSupply()",
  "balanceOf(address)",
  "allowance(address,address)",
  "approve(address,uint256)",
  "transfer(address,uint256)",
  "transferFrom(address,address,uint256)",
];
const ERC3643_SIGNATURES = [
  "mint(address,uint256)",
  "burn(address,uint256)",
  "batchMint(address[],uint256[])",
  "batchBurn(address[],uint256[])",
  "batchTransfer(address[],uint256[])",
  "pause()",
  "unpause()",
  "paused()",
  "setAddressFrozen(address,bool)",
  "freezePartialTokens(address,uint256)",
  "unfreezePartialTokens(address,uint256)",
  "isFrozen(address)",
  "getFrozenTokens(address)",
  "identityRegistry()",
  "version()",
];
const SHARED_EVENTS = [
  "Transfer",
  "Approval",
  "AddressFrozen",
  "TokensFrozen",
  "TokensUnfrozen",
  "Paused",
  "Unpaused",
];

let f: Fixture;
const A = walletAddress(1);
const B = walletAddress(2);
const C = walletAddress(3);
/** A linked wallet used as `transferFrom` spender (the token requires spenders to be linked). */
const S = walletAddress(4);

before(async () => {
  f = await deployFixture();
  for (const [i, wallet] of [A, B, C, S].entries()) await f.registerInvestor(BigInt(i + 1), wallet);
  for (const wallet of [A, B, C]) {
    await f.send(f.roles.agent, { ...f.token, functionName: "mint", args: [wallet, 1_000n] });
  }
});
after(async () => {
  await f?.stop();
});

// ---------------------------------------------------------------- helpers

async function balanceOf(wallet: Address): Promise<bigint> {
  return f.read<bigint>({ ...f.token, functionName: "balanceOf", args: [wallet] });
}

async function balancesOf(wallets: readonly Address[]): Promise<bigint[]> {
  return Promise.all(wallets.map(balanceOf));
}

async function ours<T>(functionName: string, args: readonly unknown[] = []): Promise<T> {
  return f.read<T>({ ...f.token, functionName, args });
}

/** A read through the T-REX ABI. */
async function trexRead<T>(functionName: string, args: readonly unknown[] = []): Promise<T> {
  return (await f.publicClient.readContract({
    address: f.token.address,
    abi: trexAbi,
    functionName,
    args,
  })) as T;
}

/** A transaction encoded with the T-REX ABI, sent like the fixture sends (throws when it reverts). */
async function trexSend(from: Address, functionName: string, args: readonly unknown[] = []) {
  return f.send(from, { address: f.token.address, abi: trexAbi, functionName, args });
}

/** What the call returns, decoded with the T-REX ABI (simulated, nothing is sent). */
async function trexSimulate(from: Address, functionName: string, args: readonly unknown[]): Promise<unknown> {
  const sim = await f.publicClient.simulateContract({
    address: f.token.address,
    abi: trexAbi,
    functionName,
    args,
    account: from,
  });
  return sim.result;
}

/** Our own send, for setting up and cleaning up around a T-REX-ABI call. */
async function oursSend(from: Address, functionName: string, args: readonly unknown[] = []) {
  return f.send(from, { ...f.token, functionName, args } as never);
}

/**
 * Every log of the token whose topic0 is an event of the T-REX ABI, decoded strictly with that ABI, as
 * `[eventName, argument values in ABI order]`. Logs of events T-REX does not define are skipped.
 */
function trexEvents(receipt: TransactionReceipt): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const log of receipt.logs) {
    const event = trexEventBySelector.get(log.topics[0] as Hex);
    if (log.address.toLowerCase() !== f.token.address.toLowerCase() || !event) continue;
    const decoded = decodeEventLog({ abi: trexAbi, data: log.data, topics: log.topics, strict: true });
    const args = decoded.args as unknown as Record<string, unknown>;
    out.push([decoded.eventName ?? "", event.inputs.map((input) => args[input.name ?? ""])]);
  }
  return out;
}

// ---------------------------------------------------------------- (a) viem's erc20Abi

describe("compat (a): a client with viem's standard erc20Abi", () => {
  const token = () => ({ address: f.token.address, abi: erc20Abi }) as const;

  test("reads name, symbol, decimals, totalSupply, balanceOf and allowance", async () => {
    const read = <T>(functionName: string, args: readonly unknown[] = []) =>
      f.publicClient.readContract({ ...token(), functionName, args } as never) as Promise<T>;
    assert.equal(await read("name"), "Acme Series A");
    assert.equal(await read("symbol"), "ACME-A");
    assert.equal(await read("decimals"), 0);
    const supply = await read<bigint>("totalSupply");
    assert.equal(
      supply,
      (await balancesOf([A, B, C, S])).reduce((a, b) => a + b, 0n),
    );
    assert.equal(supply, await ours<bigint>("totalSupply"));
    assert.equal(await read("balanceOf", [A]), await balanceOf(A));
    await oursSend(A, "approve", [S, 12n]);
    assert.equal(await read("allowance", [A, S]), 12n);
  });

  test("approve, transfer and transferFrom work and their events decode with erc20Abi", async () => {
    const events = (r: TransactionReceipt) =>
      parseEventLogs({ abi: erc20Abi, logs: r.logs }).filter(
        (l) => l.address.toLowerCase() === f.token.address.toLowerCase(),
      );

    const sim = (from: Address, functionName: "approve" | "transfer", args: readonly [Address, bigint]) =>
      f.publicClient.simulateContract({ ...token(), functionName, args, account: from });
    assert.equal((await sim(A, "approve", [S, 50n])).result, true);
    const approved = await f.send(A, { ...token(), functionName: "approve", args: [S, 50n] });
    assert.equal(await ours<bigint>("allowance", [A, S]), 50n);
    const [approval] = events(approved);
    assert.equal(approval?.eventName, "Approval");
    assert.deepEqual(approval?.args, { owner: A, spender: S, value: 50n });

    const [a0, b0] = await balancesOf([A, B]);
    assert.equal((await sim(A, "transfer", [B, 5n])).result, true);
    const transferred = await f.send(A, { ...token(), functionName: "transfer", args: [B, 5n] });
    assert.deepEqual(await balancesOf([A, B]), [(a0 ?? 0n) - 5n, (b0 ?? 0n) + 5n]);
    assert.deepEqual(
      events(transferred).map((e) => [e.eventName, e.args]),
      [["Transfer", { from: A, to: B, value: 5n }]],
    );

    const [a1, c1] = await balancesOf([A, C]);
    const fromResult = await f.publicClient.simulateContract({
      ...token(),
      functionName: "transferFrom",
      args: [A, C, 20n],
      account: S,
    });
    assert.equal(fromResult.result, true);
    const moved = await f.send(S, { ...token(), functionName: "transferFrom", args: [A, C, 20n] });
    assert.deepEqual(await balancesOf([A, C]), [(a1 ?? 0n) - 20n, (c1 ?? 0n) + 20n]);
    assert.equal(await ours<bigint>("allowance", [A, S]), 30n);
    assert.deepEqual(
      events(moved).map((e) => [e.eventName, e.args]),
      [["Transfer", { from: A, to: C, value: 20n }]],
    );
  });
});

// ---------------------------------------------------------------- (b) the T-REX ERC-3643 ABI

/** Calls each shared function through the T-REX ABI and checks its effect; keyed by T-REX signature. */
const exercises: Record<string, () => Promise<void>> = {
  "name()": async () => assert.equal(await trexRead("name"), "Acme Series A"),
  "symbol()": async () => assert.equal(await trexRead("symbol"), "ACME-A"),
  "decimals()": async () => assert.equal(await trexRead("decimals"), 0),
  "totalSupply()": async () => {
    const supply = await trexRead<bigint>("totalSupply");
    assert.equal(
      supply,
      (await balancesOf([A, B, C, S])).reduce((a, b) => a + b, 0n),
    );
  },
  "balanceOf(address)": async () => {
    const balance = await trexRead<bigint>("balanceOf", [A]);
    assert.ok(balance > 0n);
    assert.equal(balance, await balanceOf(A));
  },
  "allowance(address,address)": async () => {
    await oursSend(B, "approve", [S, 33n]);
    assert.equal(await trexRead("allowance", [B, S]), 33n);
  },
  "approve(address,uint256)": async () => {
    assert.equal(await trexSimulate(A, "approve", [S, 77n]), true);
    const r = await trexSend(A, "approve", [S, 77n]);
    assert.equal(await ours("allowance", [A, S]), 77n);
    assert.deepEqual(trexEvents(r), [["Approval", [A, S, 77n]]]);
  },
  "transfer(address,uint256)": async () => {
    const before = await balancesOf([A, B]);
    assert.equal(await trexSimulate(A, "transfer", [B, 10n]), true);
    const r = await trexSend(A, "transfer", [B, 10n]);
    assert.deepEqual(await balancesOf([A, B]), [(before[0] ?? 0n) - 10n, (before[1] ?? 0n) + 10n]);
    assert.deepEqual(trexEvents(r), [["Transfer", [A, B, 10n]]]);
  },
  "transferFrom(address,address,uint256)": async () => {
    await oursSend(A, "approve", [S, 20n]);
    const before = await balancesOf([A, C]);
    assert.equal(await trexSimulate(S, "transferFrom", [A, C, 15n]), true);
    const r = await trexSend(S, "transferFrom", [A, C, 15n]);
    assert.deepEqual(await balancesOf([A, C]), [(before[0] ?? 0n) - 15n, (before[1] ?? 0n) + 15n]);
    assert.equal(await ours("allowance", [A, S]), 5n);
    assert.deepEqual(trexEvents(r), [["Transfer", [A, C, 15n]]]);
  },
  "mint(address,uint256)": async () => {
    const [before, supply] = [await balanceOf(C), await ours<bigint>("totalSupply")];
    const r = await trexSend(f.roles.agent, "mint", [C, 100n]);
    assert.equal(await balanceOf(C), before + 100n);
    assert.equal(await ours("totalSupply"), supply + 100n);
    assert.deepEqual(trexEvents(r), [["Transfer", [zeroAddress, C, 100n]]]);
  },
  "burn(address,uint256)": async () => {
    const [before, supply] = [await balanceOf(C), await ours<bigint>("totalSupply")];
    const r = await trexSend(f.roles.agent, "burn", [C, 10n]);
    assert.equal(await balanceOf(C), before - 10n);
    assert.equal(await ours("totalSupply"), supply - 10n);
    assert.deepEqual(trexEvents(r), [["Transfer", [C, zeroAddress, 10n]]]);
  },
  "batchMint(address[],uint256[])": async () => {
    const before = await balancesOf([A, B]);
    const r = await trexSend(f.roles.agent, "batchMint", [
      [A, B],
      [1n, 2n],
    ]);
    assert.deepEqual(await balancesOf([A, B]), [(before[0] ?? 0n) + 1n, (before[1] ?? 0n) + 2n]);
    assert.deepEqual(trexEvents(r), [
      ["Transfer", [zeroAddress, A, 1n]],
      ["Transfer", [zeroAddress, B, 2n]],
    ]);
  },
  "batchBurn(address[],uint256[])": async () => {
    const before = await balancesOf([A, B]);
    const r = await trexSend(f.roles.agent, "batchBurn", [
      [A, B],
      [1n, 2n],
    ]);
    assert.deepEqual(await balancesOf([A, B]), [(before[0] ?? 0n) - 1n, (before[1] ?? 0n) - 2n]);
    assert.deepEqual(trexEvents(r), [
      ["Transfer", [A, zeroAddress, 1n]],
      ["Transfer", [B, zeroAddress, 2n]],
    ]);
  },
  "batchTransfer(address[],uint256[])": async () => {
    const before = await balancesOf([A, B, C]);
    const r = await trexSend(A, "batchTransfer", [
      [B, C],
      [3n, 4n],
    ]);
    const expected = [(before[0] ?? 0n) - 7n, (before[1] ?? 0n) + 3n, (before[2] ?? 0n) + 4n];
    assert.deepEqual(await balancesOf([A, B, C]), expected);
    assert.deepEqual(trexEvents(r), [
      ["Transfer", [A, B, 3n]],
      ["Transfer", [A, C, 4n]],
    ]);
  },
  "pause()": async () => {
    const r = await trexSend(f.roles.guardian, "pause");
    assert.equal(await ours("paused"), true);
    assert.deepEqual(trexEvents(r), [["Paused", [f.roles.guardian]]]);
    const refused = await f.revertOf(A, { ...f.token, functionName: "transfer", args: [B, 1n] });
    assert.equal(refused?.errorName, "TransferNotAllowed");
    await oursSend(f.roles.admin, "unpause");
  },
  "unpause()": async () => {
    await oursSend(f.roles.guardian, "pause");
    const r = await trexSend(f.roles.admin, "unpause");
    assert.equal(await ours("paused"), false);
    assert.deepEqual(trexEvents(r), [["Unpaused", [f.roles.admin]]]);
  },
  "paused()": async () => {
    assert.equal(await trexRead("paused"), false);
    await oursSend(f.roles.guardian, "pause");
    assert.equal(await trexRead("paused"), true);
    await oursSend(f.roles.admin, "unpause");
  },
  "setAddressFrozen(address,bool)": async () => {
    const frozen = await trexSend(f.roles.freezer, "setAddressFrozen", [C, true]);
    assert.equal(await ours("isFrozen", [C]), true);
    assert.deepEqual(trexEvents(frozen), [["AddressFrozen", [C, true, f.roles.freezer]]]);
    const unfrozen = await trexSend(f.roles.freezer, "setAddressFrozen", [C, false]);
    assert.equal(await ours("isFrozen", [C]), false);
    assert.deepEqual(trexEvents(unfrozen), [["AddressFrozen", [C, false, f.roles.freezer]]]);
  },
  "batchSetAddressFrozen(address[],bool[])": async () => {
    const r = await trexSend(f.roles.freezer, "batchSetAddressFrozen", [
      [B, C],
      [true, true],
    ]);
    assert.deepEqual([await ours("isFrozen", [B]), await ours("isFrozen", [C])], [true, true]);
    assert.deepEqual(trexEvents(r), [
      ["AddressFrozen", [B, true, f.roles.freezer]],
      ["AddressFrozen", [C, true, f.roles.freezer]],
    ]);
    await trexSend(f.roles.freezer, "batchSetAddressFrozen", [
      [B, C],
      [false, false],
    ]);
    assert.deepEqual([await ours("isFrozen", [B]), await ours("isFrozen", [C])], [false, false]);
  },
  "isFrozen(address)": async () => {
    assert.equal(await trexRead("isFrozen", [B]), false);
    await oursSend(f.roles.freezer, "setAddressFrozen", [B, true]);
    assert.equal(await trexRead("isFrozen", [B]), true);
    await oursSend(f.roles.freezer, "setAddressFrozen", [B, false]);
  },
  "freezePartialTokens(address,uint256)": async () => {
    const before = await ours<bigint>("getFrozenTokens", [A]);
    const r = await trexSend(f.roles.freezer, "freezePartialTokens", [A, 7n]);
    assert.equal(await ours("getFrozenTokens", [A]), before + 7n);
    assert.deepEqual(trexEvents(r), [["TokensFrozen", [A, 7n]]]);
    await oursSend(f.roles.freezer, "unfreezePartialTokens", [A, 7n]);
  },
  "unfreezePartialTokens(address,uint256)": async () => {
    await oursSend(f.roles.freezer, "freezePartialTokens", [A, 9n]);
    const before = await ours<bigint>("getFrozenTokens", [A]);
    const r = await trexSend(f.roles.freezer, "unfreezePartialTokens", [A, 9n]);
    assert.equal(await ours("getFrozenTokens", [A]), before - 9n);
    assert.deepEqual(trexEvents(r), [["TokensUnfrozen", [A, 9n]]]);
  },
  "batchFreezePartialTokens(address[],uint256[])": async () => {
    const r = await trexSend(f.roles.freezer, "batchFreezePartialTokens", [
      [A, B],
      [2n, 3n],
    ]);
    assert.deepEqual([await ours("getFrozenTokens", [A]), await ours("getFrozenTokens", [B])], [2n, 3n]);
    assert.deepEqual(trexEvents(r), [
      ["TokensFrozen", [A, 2n]],
      ["TokensFrozen", [B, 3n]],
    ]);
    await oursSend(f.roles.freezer, "batchUnfreezePartialTokens", [
      [A, B],
      [2n, 3n],
    ]);
  },
  "batchUnfreezePartialTokens(address[],uint256[])": async () => {
    await oursSend(f.roles.freezer, "batchFreezePartialTokens", [
      [A, B],
      [4n, 5n],
    ]);
    const r = await trexSend(f.roles.freezer, "batchUnfreezePartialTokens", [
      [A, B],
      [4n, 5n],
    ]);
    assert.deepEqual([await ours("getFrozenTokens", [A]), await ours("getFrozenTokens", [B])], [0n, 0n]);
    assert.deepEqual(trexEvents(r), [
      ["TokensUnfrozen", [A, 4n]],
      ["TokensUnfrozen", [B, 5n]],
    ]);
  },
  "getFrozenTokens(address)": async () => {
    assert.equal(await trexRead("getFrozenTokens", [C]), 0n);
    await oursSend(f.roles.freezer, "freezePartialTokens", [C, 6n]);
    assert.equal(await trexRead("getFrozenTokens", [C]), 6n);
    await oursSend(f.roles.freezer, "unfreezePartialTokens", [C, 6n]);
  },
  "identityRegistry()": async () => assert.equal(await trexRead("identityRegistry"), f.registry.address),
  "version()": async () => {
    const version = await trexRead<string>("version");
    assert.match(version, /^\d+\.\d+\.\d+$/);
    assert.equal(version, await ours("version"));
  },
};

describe("compat (b): a client with T-REX's ERC-3643 token ABI (IToken, @tokenysolutions/t-rex 4.1.6)", () => {
  test("the shared selectors include the ERC-20 functions and the ERC-3643 agent surface", (t) => {
    const sharedSignatures = new Set(shared.map((fn) => toFunctionSignature(fn)));
    for (const signature of [...ERC20_SIGNATURES, ...ERC3643_SIGNATURES]) {
      assert.ok(sharedSignatures.has(signature), `${signature} is not implemented with T-REX's selector`);
    }
    const ourNames = new Map(
      functionsOf(securityTokenAbi as Abi).map((fn) => [fn.name, toFunctionSignature(fn)]),
    );
    t.diagnostic(`shared with IToken: ${shared.length} of ${functionsOf(trexAbi).length} functions`);
    for (const fn of missing) {
      const ourVariant = ourNames.get(fn.name);
      const note = ourVariant ? ` (ours has ${ourVariant})` : "";
      t.diagnostic(`not implemented: ${toFunctionSignature(fn)}${note}`);
    }
  });

  test("shared functions return the same types and agree on being read-only", () => {
    const readOnly = (fn: AbiFunction) => fn.stateMutability === "view" || fn.stateMutability === "pure";
    for (const trexFn of shared) {
      const ourFn = ourSelectors.get(toFunctionSelector(trexFn));
      assert.ok(ourFn);
      const signature = toFunctionSignature(trexFn);
      const types = (fn: AbiFunction) => fn.outputs.map((o) => o.type);
      assert.deepEqual(types(ourFn), types(trexFn), `${signature} returns other types`);
      assert.equal(readOnly(ourFn), readOnly(trexFn), `${signature} differs in mutability`);
    }
  });

  test("events with T-REX's signatures: Transfer, Approval, AddressFrozen, TokensFrozen/Unfrozen, Paused/Unpaused", (t) => {
    const sharedEvents = eventsOf(trexAbi).filter((e) => ourEventSelectors.has(toEventSelector(e)));
    const names = sharedEvents.map((e) => e.name);
    for (const name of SHARED_EVENTS) assert.ok(names.includes(name), `event ${name} differs from T-REX's`);
    const notEmitted = eventsOf(trexAbi).filter((e) => !ourEventSelectors.has(toEventSelector(e)));
    for (const e of notEmitted) t.diagnostic(`event not emitted: ${e.name}`);
  });

  test("every shared function has an exercise below (and only shared ones)", () => {
    assert.deepEqual(Object.keys(exercises).sort(), shared.map((fn) => toFunctionSignature(fn)).sort());
  });

  for (const fn of shared) {
    const signature = toFunctionSignature(fn);
    test(`${signature} through the T-REX ABI`, async () => {
      const exercise = exercises[signature];
      assert.ok(exercise, `no exercise for ${signature}`);
      await exercise();
    });
  }
});
