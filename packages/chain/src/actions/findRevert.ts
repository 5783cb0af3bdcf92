import { BaseError, ExecutionRevertedError, type Hex, isHex } from "viem";
import { type DecodedRevert, decodeRevert } from "./decodeRevert.ts";

/**
 * The decoded revert inside a viem error thrown by `call`, `estimateGas`, `simulateContract` or
 * `sendTransaction`, or undefined when the error is not a revert (a network fault, a wrong chain, …) and
 * should be rethrown. The revert data is the `data` the node attached to its JSON-RPC error (code 3).
 *
 * @example
 * try { await publicClient.call({ account, to, data }) }
 * catch (e) { const revert = findRevert(e); if (!revert) throw e; revert.errorName }
 */
export function findRevert(error: unknown): DecodedRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let data: Hex | undefined;
  let reverted = false;
  let e: unknown = error;
  // Walk the cause chain ourselves: the data sits on the innermost RPC error, the classification higher up.
  for (let depth = 0; e !== undefined && e !== null && depth < 20; depth++) {
    const node = e as { data?: unknown; raw?: unknown; code?: unknown; cause?: unknown };
    if (e instanceof ExecutionRevertedError || node.code === 3) reverted = true;
    // `raw`: viem's ContractFunctionRevertedError keeps the undecoded data there (its `data` is decoded).
    const candidate =
      typeof node.raw === "string"
        ? node.raw
        : typeof node.data === "object" && node.data !== null
          ? (node.data as { data?: unknown }).data
          : node.data;
    if (data === undefined && typeof candidate === "string" && isHex(candidate)) {
      data = candidate;
      reverted = true;
    }
    e = node.cause;
  }
  return reverted ? decodeRevert(data) : undefined;
}
