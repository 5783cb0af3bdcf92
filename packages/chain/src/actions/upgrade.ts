import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData, type Hex } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress, checkCalldata } from "./validate.ts";

export type UpgradeParameters = {
  /** The UUPS proxy: a token class or the investor registry. */
  proxy: Address;
  /** The new implementation, already deployed (its constructor disables initializers). */
  newImplementation: Address;
  /** Calldata run on the proxy after the switch (a reinitializer), `"0x"` for none (the default). */
  data?: Hex;
};

export type UpgradeReturnType = Action<"upgrade">;

/**
 * Switches a UUPS proxy to a new implementation (`upgradeToAndCall`, `UPGRADER_ROLE`). In a deployment the
 * upgrader is the `TimelockController`: the Safe schedules this action through it and anyone executes it after
 * the delay. The selector and ABI are the same on the token and the registry (OpenZeppelin `UUPSUpgradeable`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, the proxy as its own implementation, or
 * malformed calldata.
 * @example
 * const action = upgrade({ proxy: token, newImplementation: tokenImplV2 });
 * // schedule action.target / action.data on the timelock from the Safe
 */
export function upgrade(parameters: UpgradeParameters): UpgradeReturnType {
  const proxy = checkAddress("proxy", parameters.proxy);
  const newImplementation = checkAddress("newImplementation", parameters.newImplementation);
  if (newImplementation === proxy) {
    throw new InvalidActionError("newImplementation", "must not be the proxy itself", newImplementation);
  }
  const data = checkCalldata("data", parameters.data ?? "0x");
  return {
    kind: "upgrade",
    target: proxy,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "upgradeToAndCall",
      args: [newImplementation, data],
    }),
    value: 0n,
    description: `Upgrade ${proxy} to implementation ${newImplementation}${data === "0x" ? "" : " and call it"}`,
    role: "upgrader",
    params: { proxy, newImplementation, data },
  };
}
