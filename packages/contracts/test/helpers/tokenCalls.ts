import type { Address, ContractFunctionArgs, ContractFunctionName, ReadContractReturnType } from "viem";
import { securityTokenAbi } from "../../generated/index.ts";
import type { Fixture } from "./fixture.ts";

export type TokenAbi = typeof securityTokenAbi;
export type Write = ContractFunctionName<TokenAbi, "nonpayable" | "payable">;
export type WriteArgs<F extends Write> = ContractFunctionArgs<TokenAbi, "nonpayable" | "payable", F>;
export type Read = ContractFunctionName<TokenAbi, "view" | "pure">;
export type ReadArgs<F extends Read> = ContractFunctionArgs<TokenAbi, "view" | "pure", F>;

/**
 * A SecurityToken call to send (`call`) and a view to read (`view`), on the fixture's token unless `address` names
 * another one. `fixture()` is read at each use, so the helpers follow the suite's current fixture.
 *
 * @example
 * let f: Fixture;
 * const { call, view } = tokenCalls(() => f);
 * await f.send(f.roles.admin, call("pause", []));
 * assert.equal(await view("paused", []), true);
 */
export function tokenCalls(fixture: () => Fixture) {
  function call<F extends Write>(functionName: F, args: WriteArgs<F>, address?: Address) {
    return { address: address ?? fixture().token.address, abi: securityTokenAbi, functionName, args };
  }
  async function view<F extends Read>(functionName: F, args: ReadArgs<F>, address?: Address) {
    const result = await fixture().publicClient.readContract({
      address: address ?? fixture().token.address,
      abi: securityTokenAbi,
      functionName,
      args,
    } as never);
    return result as ReadContractReturnType<TokenAbi, F, ReadArgs<F>>;
  }
  return { call, view };
}
