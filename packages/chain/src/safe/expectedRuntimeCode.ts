import { type Address, type Hex, pad } from "viem";
import { safeArtifacts } from "./abis.ts";

export type SafeContractName = keyof typeof safeArtifacts;

/** A `PUSH32 0x00…00`: where solc leaves an immutable in the artifact's runtime code. */
const IMMUTABLE_PLACEHOLDER = `7f${"0".repeat(64)}`;

/**
 * The runtime code a Safe contract has once deployed at `address`. The artifacts' runtime code is final except
 * for MultiSend, whose one immutable (`multisendSingleton = address(this)`, its guard against being CALLed) is
 * the deployment address; it is filled in here. Internal to this folder.
 *
 * @example
 * const ok = (await publicClient.getCode({ address }))?.toLowerCase() === expectedRuntimeCode("multiSendCallOnly", address);
 */
export function expectedRuntimeCode(name: SafeContractName, address: Address): Hex {
  const code = safeArtifacts[name].deployedBytecode.toLowerCase() as Hex;
  if (name !== "multiSend") return code;
  return code.replace(IMMUTABLE_PLACEHOLDER, `7f${pad(address.toLowerCase() as Hex).slice(2)}`) as Hex;
}
