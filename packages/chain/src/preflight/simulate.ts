import type { DecodedRevert } from "../actions/decodeRevert.ts";
import { findRevert } from "../actions/findRevert.ts";
import { rpcError } from "../actions/rpcError.ts";
import { checkAddress } from "../actions/validate.ts";
import type { ChainPublicClient } from "../types.ts";
import { balanceChanges } from "./balanceChanges.ts";
import { batchLength } from "./batchSubset.ts";
import { checkRules } from "./checkRules.ts";
import { findFailingItems } from "./findFailingItems.ts";
import { reasonOfRevert } from "./reasonOfRevert.ts";
import type { BlockAt, PreflightReason, SimulateParameters, SimulateReturnType } from "./types.ts";

/** Reverts about the call as a whole (who sends it), not about any item: item analysis by execution is moot. */
const CALL_LEVEL_ERRORS: ReadonlySet<string> = new Set(["AccessControlUnauthorizedAccount"]);

/**
 * Preflight of an action: runs it as `from` with `eth_call` on one block and says whether it would succeed,
 * and if not, every reason why.
 *
 * - ok: `reasons` is empty; `gasEstimate` from `eth_estimateGas` as `from`; `balanceChanges` for token-moving
 *   actions (before read on chain, after computed from the parameters — exact because the call succeeded).
 * - not ok: `revert` is the call's decoded custom error; `reasons` lists, first failure per item:
 *   - `NO_CONTRACT` (and no `revert`) when the target has no code: such a call would "succeed" doing nothing;
 *   - a missing role (`MISSING_ROLE`, `code: null`, source `revert`), then — since the contract stops there —
 *     what the token's rule views say about each movement (`canMint`, balances; source `rules`, see
 *     {@link checkRules});
 *   - for a batch failing for an item: every failing item, each simulated on the state the earlier passing
 *     items leave (source `revert`, see {@link findFailingItems}); the first is the call's own revert;
 *   - otherwise the call's revert as a reason (rule code for `TransferNotAllowed`, 120 for
 *     `ERC20InsufficientBalance`, `code: null` for the rest), then any other view finding (e.g. an upgrade to an
 *     address without code, whose revert carries no data).
 *
 * A simulation reads nothing but the chain; its verdict is exactly what sending the action as `from` in a
 * block with the simulated block's state and timestamp does (the differential test holds it to that).
 *
 * @throws {InvalidActionError} `INVALID_ACTION` for a malformed `from`.
 * @throws {ChainError} `RPC_ERROR` (retryable) for a failure that is not a revert.
 * @example
 * const result = await simulate({ publicClient, action: mint({ token, to, amount: 100n }), from: safe });
 * if (!result.ok) console.log(result.reasons.map((r) => r.name)); // ["KYC_EXPIRED_TO"]
 */
export async function simulate(parameters: SimulateParameters): Promise<SimulateReturnType> {
  const { publicClient, action } = parameters;
  const from = checkAddress("from", parameters.from);
  const at = await pinBlock(publicClient, parameters);
  const blockNumber = "blockNumber" in at ? at.blockNumber : undefined;
  const request = { account: from, to: action.target, data: action.data, ...at };

  // A call to an address without code "succeeds" doing nothing: a wrong address or network, never what is meant.
  let code: string | undefined;
  try {
    code = await publicClient.getCode({ address: action.target, ...at });
  } catch (error) {
    throw rpcError(error);
  }
  if (code === undefined || code === "0x") {
    const reason: PreflightReason = {
      code: null,
      name: "NO_CONTRACT",
      title: `No contract at ${action.target} on this chain`,
      source: "revert",
    };
    return { ok: false, reasons: [reason], balanceChanges: [], blockNumber };
  }

  let revert: DecodedRevert | undefined;
  try {
    await publicClient.call(request);
  } catch (error) {
    revert = findRevert(error);
    if (!revert) throw rpcError(error);
  }

  if (!revert) {
    try {
      const [gasEstimate, changes] = await Promise.all([
        publicClient.estimateGas(request),
        balanceChanges({ publicClient, action, at }),
      ]);
      return { ok: true, reasons: [], gasEstimate, balanceChanges: changes, blockNumber };
    } catch (error) {
      throw rpcError(error);
    }
  }

  const views = () =>
    checkRules({ publicClient, action, at }).catch((error: unknown) => {
      throw rpcError(error);
    });
  let reasons: PreflightReason[];
  if (CALL_LEVEL_ERRORS.has(revert.errorName)) {
    reasons = [reasonOfRevert(revert), ...(await views())];
  } else if (batchLength(action) !== undefined) {
    reasons = await findFailingItems({ publicClient, action, from, at });
    // Cannot be empty unless the state moved under us ("pending"); the call's revert then speaks alone.
    if (reasons.length === 0) reasons = [reasonOfRevert(revert)];
  } else {
    // The revert is this item's first failure; the views may add what it hides (a missing implementation).
    const seen = new Set<string>();
    reasons = [reasonOfRevert(revert), ...(await views())].filter((r) => {
      const duplicate = seen.has(r.name);
      seen.add(r.name);
      return !duplicate;
    });
  }
  return {
    ok: false,
    reasons,
    revert: { errorName: revert.errorName, args: revert.args },
    balanceChanges: [],
    blockNumber,
  };
}

/** `"pending"` stays a tag; anything else becomes the number of the block it names now. */
async function pinBlock(publicClient: ChainPublicClient, p: SimulateParameters): Promise<BlockAt> {
  if (p.blockNumber !== undefined) return { blockNumber: p.blockNumber };
  const tag = p.blockTag ?? "latest";
  if (tag === "pending") return { blockTag: "pending" };
  try {
    if (tag === "latest") return { blockNumber: await publicClient.getBlockNumber({ cacheTime: 0 }) };
    const block = await publicClient.getBlock({ blockTag: tag });
    return { blockNumber: block.number as bigint };
  } catch (error) {
    throw rpcError(error);
  }
}
