import { erc1967ProxyDeployedBytecode } from "@coinscious/contracts";
import { type Address, getAddress, type Hex, hexToBigInt, keccak256, slice } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { AddressCodeMismatchError } from "./errors.ts";
import { getCreate2RuntimeCode } from "./getCreate2RuntimeCode.ts";
import { DETERMINISTIC_DEPLOYER, type PlannedContract } from "./planDeployment.ts";

/** ERC-1967 implementation slot: `bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)`. */
export const IMPLEMENTATION_SLOT: Hex = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
/** OpenZeppelin 5 `Initializable` storage (ERC-7201 `openzeppelin.storage.Initializable`); low 64 bits = version. */
export const INITIALIZABLE_SLOT: Hex = "0xf0c57e16840df040f15088dc2f81fe391c3923bec73e23a9662efc9c229c6a00";

/**
 * Checks that the code found at a planned address is the planned contract; throws `ADDRESS_CODE_MISMATCH`
 * otherwise.
 *
 * - A proxy must be OpenZeppelin's `ERC1967Proxy` runtime, point at the planned implementation and be
 *   initialised. (Its CREATE2 address commits to the init data, so "initialised with our admin" follows from
 *   the address; the slot checks catch a proxy that was upgraded away since.)
 * - Any other contract must be byte-for-byte the runtime its init code produces at that address — computed
 *   by `getCreate2RuntimeCode`, because immutables (UUPS `__self`, `TokenFactory.registry`) make the on-chain
 *   code differ from the artifact's `deployedBytecode`.
 *
 * @example
 * const code = await publicClient.getCode({ address: planned.address });
 * if (code && code !== "0x") await assertPlannedCode(publicClient, planned, code);
 */
export async function assertPlannedCode(
  publicClient: ChainPublicClient,
  planned: PlannedContract,
  code: Hex,
): Promise<void> {
  const mismatch = (reason: string, details: Record<string, unknown> = {}) =>
    new AddressCodeMismatchError(planned.key, planned.address, reason, details);
  if (planned.implementation) {
    if (code.toLowerCase() !== erc1967ProxyDeployedBytecode.toLowerCase())
      throw mismatch("not an ERC1967Proxy", { codeHash: keccak256(code) });
    const implementation = await readAddressSlot(publicClient, planned.address, IMPLEMENTATION_SLOT);
    if (implementation !== planned.implementation)
      throw mismatch(`implementation is ${implementation}, expected ${planned.implementation}`, {
        implementation,
        expectedImplementation: planned.implementation,
      });
    const init = await publicClient.getStorageAt({ address: planned.address, slot: INITIALIZABLE_SLOT });
    if (((init ? hexToBigInt(init) : 0n) & 0xffffffffffffffffn) === 0n)
      throw mismatch("proxy is not initialised");
    return;
  }
  const expected = await getCreate2RuntimeCode(publicClient, {
    create2Deployer: DETERMINISTIC_DEPLOYER,
    address: planned.address,
    salt: planned.salt,
    initCode: planned.initCode,
  });
  if (expected === "0x") throw mismatch("occupied, and the planned init code cannot be deployed to compare");
  if (expected.toLowerCase() !== code.toLowerCase())
    throw mismatch("holds different runtime code", {
      codeHash: keccak256(code),
      expectedCodeHash: keccak256(expected),
    });
}

async function readAddressSlot(
  publicClient: ChainPublicClient,
  address: Address,
  slot: Hex,
): Promise<Address> {
  const word = (await publicClient.getStorageAt({ address, slot })) ?? "0x";
  return getAddress(word.length === 66 ? slice(word, 12, 32) : `0x${"00".repeat(20)}`);
}
