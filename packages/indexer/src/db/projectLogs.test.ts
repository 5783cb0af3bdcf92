import assert from "node:assert/strict";
import { test } from "node:test";
import type { Address, Hex } from "viem";
import type { IndexedLog } from "../store/types.ts";
import { projectLogs } from "./projectLogs.ts";

const CHAIN = 31337;
const REGISTRY = "0x00000000000000000000000000000000000000Aa" as Address;
const TOKEN = "0x00000000000000000000000000000000000000Bb" as Address;
const OTHER_TOKEN = "0x00000000000000000000000000000000000000Cc" as Address;
const W = "0x000000000000000000000000000000000000000A" as Address;
const X = "0x000000000000000000000000000000000000000B" as Address;
const Y = "0x000000000000000000000000000000000000000C" as Address;
const lower = (a: string) => a.toLowerCase();

let logIndex = 0;
function log(source: string, address: Address, eventName: string, args: Record<string, unknown>): IndexedLog {
  logIndex++;
  return {
    source,
    address,
    eventName,
    args,
    blockNumber: 10n,
    blockHash: `0x${"11".repeat(32)}` as Hex,
    blockTimestamp: 1_700_000_000n,
    transactionHash: `0x${logIndex.toString(16).padStart(64, "0")}` as Hex,
    transactionIndex: logIndex,
    logIndex,
    chainId: CHAIN,
    checkpoint: "",
  };
}
const transfer = (token: Address, from: Address, to: Address) =>
  log("token", token, "Transfer", { from, to, value: 5n });

test("a wallet relinked inside the batch: the transfers after the change carry its new investor", () => {
  const projection = projectLogs(
    CHAIN,
    [
      transfer(TOKEN, W, X), // W belongs to investor 1 here
      log("registry", REGISTRY, "WalletUnlinked", { wallet: W, investorId: 1 }),
      transfer(TOKEN, Y, X), // W not involved: nothing to look up
      log("registry", REGISTRY, "WalletLinked", { wallet: W, investorId: 2 }),
      transfer(TOKEN, Y, W), // now investor 2
      log("registry", REGISTRY, "WalletUnlinked", { wallet: X, investorId: 3 }),
      transfer(TOKEN, W, X), // X is linked to no one now
    ],
    {
      bindings: new Map([[lower(TOKEN), lower(REGISTRY)]]),
      links: new Map([
        [`${lower(REGISTRY)}|${lower(W)}`, 1n],
        [`${lower(REGISTRY)}|${lower(X)}`, 3n],
        [`${lower(REGISTRY)}|${lower(Y)}`, 4n],
      ]),
    },
  );
  assert.deepEqual(
    projection.transfers.map((t) => [t.fromInvestorId, t.toInvestorId]),
    [
      [1n, 3n],
      [4n, 3n],
      [4n, 2n],
      [2n, null],
    ],
  );
});

test("a class bound inside the batch: its transfers after the binding carry the registry's investors", () => {
  const projection = projectLogs(
    CHAIN,
    [
      transfer(OTHER_TOKEN, W, X), // not bound yet: no investors
      log("registry", REGISTRY, "TokenClassBound", { token: OTHER_TOKEN }),
      transfer(OTHER_TOKEN, W, X),
    ],
    {
      bindings: new Map(),
      links: new Map([
        [`${lower(REGISTRY)}|${lower(W)}`, 1n],
        [`${lower(REGISTRY)}|${lower(X)}`, 3n],
      ]),
    },
  );
  assert.deepEqual(
    projection.transfers.map((t) => [t.fromInvestorId, t.toInvestorId]),
    [
      [null, null],
      [1n, 3n],
    ],
  );
});
