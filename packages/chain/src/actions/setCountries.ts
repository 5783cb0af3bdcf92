import { securityTokenAbi } from "@coinscious/contracts";
import { type Address, encodeFunctionData } from "viem";
import { InvalidActionError } from "./errors.ts";
import type { Action } from "./types.ts";
import { checkAddress, checkBool, checkCountry } from "./validate.ts";

export type SetCountriesParameters = {
  token: Address;
  /** ISO 3166-1 numeric codes (0 … 999), at least one. */
  countries: readonly number[];
  /** true = add to the class's country list, false = remove. */
  listed: boolean;
};

export type SetCountriesReturnType = Action<"setCountries">;

/**
 * Adds countries to or removes them from the class's list (`SecurityToken.setCountries`, `DEFAULT_ADMIN_ROLE`);
 * the list is an allow-list or a deny-list by {@link setCountryRule}.
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a bad address, an empty list or a code outside 0 … 999.
 * @example
 * const action = setCountries({ token, countries: [276, 250], listed: true }); // DE, FR
 */
export function setCountries(parameters: SetCountriesParameters): SetCountriesReturnType {
  const token = checkAddress("token", parameters.token);
  if (!Array.isArray(parameters.countries)) {
    throw new InvalidActionError("countries", "must be an array", parameters.countries);
  }
  if (parameters.countries.length === 0) throw new InvalidActionError("countries", "must not be empty");
  const countries = parameters.countries.map((c, i) => checkCountry(`countries[${i}]`, c));
  const listed = checkBool("listed", parameters.listed);
  return {
    kind: "setCountries",
    target: token,
    data: encodeFunctionData({
      abi: securityTokenAbi,
      functionName: "setCountries",
      args: [countries, listed],
    }),
    value: 0n,
    description: `${listed ? "List" : "Unlist"} countries ${countries.join(", ")}`,
    role: "admin",
    params: { token, countries, listed },
  };
}
