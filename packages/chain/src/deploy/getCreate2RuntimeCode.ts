import { type Address, concat, type Hex } from "viem";
import type { ChainPublicClient } from "../types.ts";

/**
 * Runtime of the stand-in for the CREATE2 deployer used only inside `eth_call`: it does what the real one
 * does (`CREATE2(value, calldata[32:], salt = calldata[0:32])`) and then returns the new contract's runtime
 * code instead of its address. Hand-assembled:
 *
 *   PUSH1 0x20 CALLDATASIZE SUB DUP1 PUSH1 0x20 PUSH0 CALLDATACOPY   ; memory[0:] = initCode
 *   PUSH0 CALLDATALOAD SWAP1 PUSH0 CALLVALUE CREATE2                 ; addr = create2(v, 0, size, salt)
 *   DUP1 EXTCODESIZE DUP1 PUSH0 PUSH0 DUP5 EXTCODECOPY               ; memory[0:] = code(addr)
 *   PUSH0 RETURN                                                     ; return code (empty if it failed)
 */
const CREATE2_AND_RETURN_CODE: Hex = "0x602036038060205f375f35905f34f5803b805f5f843c5ff3";

/**
 * The runtime code that `initCode` with `salt` would leave at its CREATE2 address when deployed through
 * `create2Deployer` — computed with `eth_call` and state overrides (the deployer's code replaced by a twin
 * that returns the code, the target account emptied), so nothing is sent and the answer includes immutables
 * that embed the contract's own address (UUPS `__self`) or constructor arguments (`TokenFactory.registry`).
 * Comparing this with `eth_getCode` tells "our contract, already deployed" from "something else is there".
 * Returns `0x` when the creation would fail (for example, an implementation it initialises through is absent).
 *
 * Needs an RPC that supports `eth_call` state overrides (anvil, geth, reth, op-geth/op-reth — Base).
 *
 * @example
 * const expected = await getCreate2RuntimeCode(publicClient, { create2Deployer, address, salt, initCode });
 * const actual = await publicClient.getCode({ address });
 */
export async function getCreate2RuntimeCode(
  publicClient: ChainPublicClient,
  p: { create2Deployer: Address; address: Address; salt: Hex; initCode: Hex; from?: Address },
): Promise<Hex> {
  const result = await publicClient.request({
    method: "eth_call",
    params: [
      { ...(p.from ? { from: p.from } : {}), to: p.create2Deployer, data: concat([p.salt, p.initCode]) },
      "latest",
      {
        [p.create2Deployer]: { code: CREATE2_AND_RETURN_CODE },
        // An address with code, a nonce or storage makes CREATE2 fail (EIP-684, EIP-7610): empty it first.
        [p.address]: { code: "0x", nonce: "0x0", state: {} },
      },
    ],
  });
  return result as Hex;
}
