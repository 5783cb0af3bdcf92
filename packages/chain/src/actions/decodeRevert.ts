import { investorRegistryAbi, logAnchorAbi, securityTokenAbi } from "@coinscious/contracts";
import { type Abi, decodeErrorResult, type Hex, toFunctionSelector } from "viem";

/** A revert decoded into its custom error (EIP-6093 style, with arguments). */
export type DecodedRevert = {
  /**
   * The error's name (`TransferNotAllowed`, `AccessControlUnauthorizedAccount`, `Error` for a reason string,
   * `Panic`); `EmptyRevert` when the revert carried no data, `UnknownError` for a selector none of the Coinscious
   * contracts declares (then `args` is `[selector]`).
   */
  errorName: string;
  args: readonly unknown[];
  /** The raw revert data. */
  data: Hex;
};

/** Every custom error of the token, the registry and LogAnchor, once per signature. */
export const coinsciousErrorsAbi: Abi = (() => {
  const seen = new Set<string>();
  const out: Extract<Abi[number], { type: "error" }>[] = [];
  for (const item of [...securityTokenAbi, ...investorRegistryAbi, ...logAnchorAbi] as Abi) {
    if (item.type !== "error") continue;
    const selector = toFunctionSelector(`${item.name}(${item.inputs.map((i) => i.type).join(",")})`);
    if (seen.has(selector)) continue;
    seen.add(selector);
    out.push(item);
  }
  return out;
})();

/**
 * Decodes revert data against the errors of the Coinscious contracts (and Solidity's `Error(string)` /
 * `Panic(uint256)`). Never throws.
 *
 * @example
 * decodeRevert("0xe2517d3f…") // { errorName: "AccessControlUnauthorizedAccount", args: [account, role], data }
 */
export function decodeRevert(data: Hex | undefined): DecodedRevert {
  if (data === undefined || data === "0x") return { errorName: "EmptyRevert", args: [], data: "0x" };
  try {
    const decoded = decodeErrorResult({ abi: coinsciousErrorsAbi, data });
    return { errorName: decoded.errorName, args: (decoded.args ?? []) as readonly unknown[], data };
  } catch {
    return { errorName: "UnknownError", args: [data.slice(0, 10)], data };
  }
}
