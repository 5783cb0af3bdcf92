import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { timelockControllerAbi } from "@coinscious/contracts";
import { decodeFunctionData, encodeAbiParameters, getAddress, keccak256, zeroHash } from "viem";
import { InvalidActionError } from "./errors.ts";
import { executeTimelockOperation } from "./executeTimelockOperation.ts";
import { scheduleTimelockOperation } from "./scheduleTimelockOperation.ts";
import { upgrade } from "./upgrade.ts";

const TIMELOCK = "0x00000000000000000000000000000000000071e1";
const PROXY = "0x0000000000000000000000000000000000000abc";
const IMPL = "0x0000000000000000000000000000000000000def";
const op = upgrade({ proxy: PROXY, newImplementation: IMPL });

describe("timelock actions", () => {
  test("schedule encodes TimelockController.schedule for the Safe (timelock proposer)", () => {
    const a = scheduleTimelockOperation({ timelock: TIMELOCK, operation: op, delay: 3600n });
    assert.equal(a.role, "timelockProposer");
    assert.equal(a.target, getAddress(TIMELOCK));
    const decoded = decodeFunctionData({ abi: timelockControllerAbi, data: a.data });
    assert.equal(decoded.functionName, "schedule");
    assert.deepEqual(decoded.args, [op.target, 0n, op.data, zeroHash, zeroHash, 3600n]);
    const expectedId = keccak256(
      encodeAbiParameters(
        [
          { type: "address" },
          { type: "uint256" },
          { type: "bytes" },
          { type: "bytes32" },
          { type: "bytes32" },
        ],
        [op.target, 0n, op.data, zeroHash, zeroHash],
      ),
    );
    assert.equal(a.params.operationId, expectedId);
  });

  test("execute encodes TimelockController.execute, sendable by anyone, with the same operation id", () => {
    const salt = `0x${"01".repeat(32)}` as const;
    const s = scheduleTimelockOperation({ timelock: TIMELOCK, operation: op, delay: 0n, salt });
    const e = executeTimelockOperation({ timelock: TIMELOCK, operation: op, salt });
    assert.equal(e.role, "anyone");
    const decoded = decodeFunctionData({ abi: timelockControllerAbi, data: e.data });
    assert.equal(decoded.functionName, "execute");
    assert.deepEqual(decoded.args, [op.target, 0n, op.data, zeroHash, salt]);
    assert.equal(e.params.operationId, s.params.operationId);
  });

  test("bad input is refused before anything is encoded", () => {
    const invalid = (field: string) => (err: unknown) =>
      err instanceof InvalidActionError && err.code === "INVALID_ACTION" && err.details?.field === field;
    assert.throws(
      () => scheduleTimelockOperation({ timelock: "0x12", operation: op, delay: 1n }),
      invalid("timelock"),
    );
    assert.throws(
      () => scheduleTimelockOperation({ timelock: TIMELOCK, operation: op, delay: -1n }),
      invalid("delay"),
    );
    assert.throws(
      () => scheduleTimelockOperation({ timelock: TIMELOCK, operation: op, delay: 1n, salt: "0x01" }),
      invalid("salt"),
    );
    assert.throws(
      () => executeTimelockOperation({ timelock: TIMELOCK, operation: op, salt: "0xzz" }),
      invalid("salt"),
    );
  });
});
