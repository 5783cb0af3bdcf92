import { type Address, concat, encodePacked, getContractAddress, keccak256, pad } from "viem";
import { safeArtifacts } from "./abis.ts";
import { encodeSafeSetup } from "./encodeSafeSetup.ts";
import type { SafeInfrastructure } from "./types.ts";

export type PredictSafeAddressParameters = {
  infrastructure: Pick<SafeInfrastructure, "safeSingleton" | "safeProxyFactory" | "fallbackHandler">;
  owners: readonly Address[];
  threshold: number;
  saltNonce: bigint;
};

/**
 * The address `createSafe` creates (or finds) a Safe at, computed offline the way
 * `SafeProxyFactory.createProxyWithNonce` does: CREATE2 from the factory, salt
 * `keccak256(keccak256(initializer) ‖ saltNonce)`, init code `SafeProxy.creationCode ‖ uint256(singleton)`.
 * Owners, their order, threshold and fallback handler are all part of the initializer.
 *
 * @example
 * const safe = predictSafeAddress({ infrastructure, owners: [a, b, c], threshold: 2, saltNonce: 0n });
 */
export function predictSafeAddress({
  infrastructure,
  owners,
  threshold,
  saltNonce,
}: PredictSafeAddressParameters): Address {
  const initializer = encodeSafeSetup({ owners, threshold, fallbackHandler: infrastructure.fallbackHandler });
  return getContractAddress({
    opcode: "CREATE2",
    from: infrastructure.safeProxyFactory,
    salt: keccak256(encodePacked(["bytes32", "uint256"], [keccak256(initializer), saltNonce])),
    bytecode: concat([safeArtifacts.safeProxy.bytecode, pad(infrastructure.safeSingleton)]),
  });
}
