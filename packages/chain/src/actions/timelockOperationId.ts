import { type Address, encodeAbiParameters, type Hex, keccak256, zeroHash } from "viem";

/** `TimelockController.hashOperation(target, 0, data, 0, salt)`: the id the timelock stores the operation under. */
export function timelockOperationId(target: Address, data: Hex, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes32" }, { type: "bytes32" }],
      [target, 0n, data, zeroHash, salt],
    ),
  );
}
