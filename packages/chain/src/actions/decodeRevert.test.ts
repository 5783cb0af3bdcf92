/** decodeRevert / findRevert without a chain: custom errors, Error(string), Panic, unknown and empty data. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BaseError,
  ExecutionRevertedError,
  encodeAbiParameters,
  encodeErrorResult,
  getAddress,
  type Hex,
  RpcRequestError,
} from "viem";
import { coinsciousErrorsAbi, decodeRevert } from "./decodeRevert.ts";
import { findRevert } from "./findRevert.ts";

const A = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

describe("decodeRevert", () => {
  test("decodes every custom error of the contracts, with its arguments", () => {
    const data = encodeErrorResult({
      abi: coinsciousErrorsAbi,
      errorName: "TransferNotAllowed",
      args: [A, A, 5n, 45],
    });
    assert.deepEqual(decodeRevert(data), { errorName: "TransferNotAllowed", args: [A, A, 5n, 45], data });
    const names = new Set(coinsciousErrorsAbi.map((e) => ("name" in e ? e.name : "")));
    for (const n of [
      "AccessControlUnauthorizedAccount",
      "ERC20InsufficientBalance",
      "RootAlreadyAnchored",
      "WalletHasBalance",
    ]) {
      assert.ok(names.has(n), n);
    }
  });
  test("Error(string), Panic, an unknown selector, no data", () => {
    const error = `0x08c379a0${encodeAbiParameters([{ type: "string" }], ["nope"]).slice(2)}` as Hex;
    assert.deepEqual(decodeRevert(error).errorName, "Error");
    assert.deepEqual(decodeRevert(error).args, ["nope"]);
    const panic = `0x4e487b71${encodeAbiParameters([{ type: "uint256" }], [0x11n]).slice(2)}` as Hex;
    assert.equal(decodeRevert(panic).errorName, "Panic");
    assert.deepEqual(decodeRevert("0xdeadbeef"), {
      errorName: "UnknownError",
      args: ["0xdeadbeef"],
      data: "0xdeadbeef",
    });
    assert.deepEqual(decodeRevert("0x"), { errorName: "EmptyRevert", args: [], data: "0x" });
    assert.equal(decodeRevert(undefined).errorName, "EmptyRevert");
  });
});

describe("findRevert", () => {
  test("finds the revert data in a viem error chain; non-reverts are undefined", () => {
    const data = encodeErrorResult({ abi: coinsciousErrorsAbi, errorName: "EmptyBatch" });
    const rpc = new RpcRequestError({
      body: {},
      url: "http://x",
      error: { code: 3, message: "execution reverted", data },
    });
    const wrapped = new BaseError("call failed", { cause: new ExecutionRevertedError({ cause: rpc }) });
    assert.equal(findRevert(wrapped)?.errorName, "EmptyBatch");
    const noData = new BaseError("call failed", { cause: new ExecutionRevertedError({}) });
    assert.equal(findRevert(noData)?.errorName, "EmptyRevert");
    assert.equal(findRevert(new BaseError("fetch failed")), undefined);
    assert.equal(findRevert(new Error("plain")), undefined);
  });
});
