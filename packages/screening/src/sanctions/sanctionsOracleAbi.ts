import type { Address } from "viem";

/**
 * The Chainalysis sanctions oracle's read (§4.3): `isSanctioned(address) → bool`, selector `0xdf592f7d`
 * (keccak256("isSanctioned(address)"); one public repo wrongly states 0xdfb80831). The devnet mock
 * (`packages/contracts/contracts/test/MockSanctionsOracle.sol`) has the same function.
 *
 * @example
 * await publicClient.readContract({ address: oracle, abi: sanctionsOracleAbi, functionName: "isSanctioned", args: [wallet] });
 */
export const sanctionsOracleAbi = [
  {
    type: "function",
    name: "isSanctioned",
    stateMutability: "view",
    inputs: [{ name: "addr", type: "address" }],
    outputs: [{ name: "", type: "bool" }],
  },
] as const;

/**
 * Where Chainalysis deployed the oracle, by chain id (§4.3; both EIP-55 checksums verified). Base (8453) has its
 * own address; the others share one. No entry for Base Sepolia or the devnet: there, pass the mock's address.
 */
export const SANCTIONS_ORACLE_ADDRESSES: Readonly<Record<number, Address>> = {
  8453: "0x3A91A31cB3dC49b4db9Ce721F50a9D076c8D739B",
  1: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  10: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  56: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  137: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  250: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  42161: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  42220: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
  43114: "0x40C57923924B5c5c5455c48D93317139ADDaC8fb",
};
