import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import type { Action, CountryRule } from "./types.ts";
import { checkAddress, checkCountryRule } from "./validate.ts";

export type SetCountryRuleParameters = {
  token: Address;
  /**
   * 0 / "off": no jurisdiction rule; 1 / "allow": recipients only from listed countries; 2 / "deny": none from
   * listed countries.
   */
  rule: CountryRule | "off" | "allow" | "deny";
};

export type SetCountryRuleReturnType = Action<"setCountryRule">;

const NAMES = ["off", "allow-list", "deny-list"] as const;

/**
 * Sets how the class's country list applies to recipients (`SecurityToken.setCountryRule`,
 * `DEFAULT_ADMIN_ROLE`).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address or a rule other than 0/1/2 (or its name).
 * @example
 * const action = setCountryRule({ token, rule: "allow" });
 */
export function setCountryRule(parameters: SetCountryRuleParameters): SetCountryRuleReturnType {
  const token = checkAddress("token", parameters.token);
  const rule = checkCountryRule("rule", parameters.rule);
  return {
    kind: "setCountryRule",
    target: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setCountryRule", args: [rule] }),
    value: 0n,
    description: `Set the jurisdiction rule to ${NAMES[rule]}`,
    role: "admin",
    params: { token, rule },
  };
}
