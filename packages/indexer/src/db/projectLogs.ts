import type { JournalEntry } from "@coinscious/db";
import { type Address, decodeAbiParameters, type Hex } from "viem";
import { createLowerCase } from "../common/createLowerCase.ts";
import type { IndexedLog } from "../store/types.ts";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;

/** Rows for `insertRows`, in the column order of {@link PROJECTION_COLUMNS}. */
export type ProjectedRows = { [table in keyof typeof PROJECTION_COLUMNS]: unknown[][] };

/**
 * What `projectLogs` returns: rows per table for `insertRows`, and the transfer journal's entries for
 * `insertTransfers` (which adds each side's balance after the log and keeps `balances`).
 */
export type Projection = ProjectedRows & { transfers: JournalEntry[] };

/**
 * What the projection needs to know beyond the logs, as of the block before the batch: which registry a class
 * is bound to, and which investor a wallet is linked to in a registry. The projection updates both from the
 * batch's own `TokenClassBound` / `WalletLinked` / `WalletUnlinked` logs as it walks them in order.
 */
export type ProjectionState = {
  /** token (lower-case) → registry (lower-case). */
  bindings: Map<string, string>;
  /** `registry|wallet` (lower-case) → investor id; absent = not linked. */
  links: Map<string, bigint>;
};

/** Columns of each table the projection writes with `insertRows` (`transfers` and `balances`: `insertTransfers`). */
export const PROJECTION_COLUMNS = {
  events: [
    "chain_id",
    "block_number",
    "log_index",
    "block_hash",
    "tx_hash",
    "contract",
    "event_name",
    "args",
  ],
  holder_count_changes: [
    "chain_id",
    "block_number",
    "log_index",
    "tx_hash",
    "token",
    "holders",
    "non_accredited_holders",
  ],
  token_classes: [
    "chain_id",
    "token",
    "factory",
    "implementation",
    "salt",
    "symbol",
    "block_number",
    "log_index",
    "tx_hash",
  ],
  token_bindings: ["chain_id", "block_number", "log_index", "tx_hash", "registry", "token"],
  investor_changes: [
    "chain_id",
    "block_number",
    "log_index",
    "tx_hash",
    "registry",
    "investor_id",
    "kind",
    "country",
    "kyc_expiry",
    "accreditation_expiry",
    "lockup_until",
    "us_person",
    "frozen",
  ],
  wallet_links: [
    "chain_id",
    "block_number",
    "log_index",
    "tx_hash",
    "registry",
    "wallet",
    "investor_id",
    "linked",
  ],
  compliance_actions: [
    "chain_id",
    "block_number",
    "log_index",
    "tx_hash",
    "token",
    "kind",
    "wallet",
    "counterparty",
    "amount",
    "reason_code",
    "investor_id",
    "actor",
  ],
  safe_executions: [
    "chain_id",
    "block_number",
    "log_index",
    "tx_hash",
    "safe",
    "safe_tx_hash",
    "success",
    "payment",
    "nonce",
    "to_address",
    "value",
    "data",
    "operation",
  ],
  safe_owner_changes: [
    "chain_id",
    "block_number",
    "log_index",
    "sub_index",
    "tx_hash",
    "safe",
    "kind",
    "owner",
    "threshold",
  ],
  anchored_roots: ["chain_id", "block_number", "log_index", "tx_hash", "anchor", "day", "root", "leaf_count"],
} as const;

type InvestorRecord = {
  country: number;
  kycExpiry: number | bigint;
  accreditationExpiry: number | bigint;
  lockupUntil: number | bigint;
  usPerson: boolean;
  frozen: boolean;
};

type Pending = { kind: "forced_transfer" | "recovery"; logIndex: number; reasonCode: number | null };

const lower = (value: unknown): string => (value as string).toLowerCase();

/** Decoded args as stored in `events.args`: integers as decimal strings, addresses lower-case. */
export function toEventArgs(args: Record<string, unknown>): unknown {
  return normalizeArg(args);
}

// One walk over the decoded value (insertRows serializes it once, for the statement): no stringify + parse round trip.
function normalizeArg(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return ADDRESS_RE.test(v) ? v.toLowerCase() : v;
  if (Array.isArray(v)) return v.map(normalizeArg);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = normalizeArg(x);
    return out;
  }
  return v;
}

/**
 * Turns one batch of decoded logs (in event order) into rows: every log but the token's `Transfer` into `events`;
 * the `Transfer` logs into transfer journal entries — kind from the counterpart log of the same transaction
 * (`ForcedTransfer` with its reason, `WalletRecovered`), issuance from the zero address, redemption to it, each
 * side attributed to its wallet's investor through the class's registry; registry records and wallet links;
 * compliance actions (freezes, partial freezes, pauses, forced transfers, recoveries); the chain's holder
 * counters; factory classes and registry bindings; Safe executions (completed by SafeL2's
 * `SafeMultiSigTransaction` of the same transaction, nonce from its `additionalInfo`) and owner/threshold
 * changes (`SafeSetup` expanded); anchored roots. Pure apart from updating `state` as the batch's own
 * bindings and links take effect.
 *
 * @example
 * const projection = projectLogs(31337, batch.logs, await loadProjectionState(tx, chainId, batch.logs));
 * await insertRows(tx, "events", PROJECTION_COLUMNS.events, projection.events);
 * await insertTransfers(tx, { chainId, transfers: projection.transfers });
 */
export function projectLogs(
  chainId: number,
  logs: readonly IndexedLog[],
  state: ProjectionState,
): Projection {
  const out: Projection = {
    events: [],
    transfers: [],
    holder_count_changes: [],
    token_classes: [],
    token_bindings: [],
    investor_changes: [],
    wallet_links: [],
    compliance_actions: [],
    safe_executions: [],
    safe_owner_changes: [],
    anchored_roots: [],
  };
  // ForcedTransfer / WalletRecovered follow their Transfer in the same transaction: index them first.
  const counterparts = new Map<string, Pending[]>();
  // SafeMultiSigTransaction precedes its ExecutionSuccess/Failure in the same transaction.
  const safeTxs = new Map<string, IndexedLog[]>();
  for (const log of logs) {
    const a = log.args;
    if (log.source === "token" && log.eventName === "ForcedTransfer") {
      pushTo(counterparts, transferKey(log, a.from, a.to, a.value), {
        kind: "forced_transfer",
        logIndex: log.logIndex,
        reasonCode: Number(a.reasonCode),
      });
    } else if (log.source === "token" && log.eventName === "WalletRecovered") {
      pushTo(counterparts, transferKey(log, a.lostWallet, a.newWallet, a.amount), {
        kind: "recovery",
        logIndex: log.logIndex,
        reasonCode: null,
      });
    } else if (log.source === "safe" && log.eventName === "SafeMultiSigTransaction") {
      pushTo(safeTxs, `${log.transactionHash}|${lower(log.address)}`, log);
    }
  }

  // Remembered per (class, wallet) until a link or a binding of the batch changes: a key string per side of every
  // Transfer was a fifth of the projection's garbage.
  let investors = new Map<string, Map<string, bigint | null>>();
  const investorOf = (token: string, wallet: string): bigint | null => {
    let ofToken = investors.get(token);
    if (ofToken === undefined) {
      ofToken = new Map();
      investors.set(token, ofToken);
    }
    let investor = ofToken.get(wallet);
    if (investor === undefined) {
      const registry = state.bindings.get(token);
      investor = registry === undefined ? null : (state.links.get(`${registry}|${wallet}`) ?? null);
      ofToken.set(wallet, investor);
    }
    return investor;
  };

  // Addresses repeat across a batch (a handful of contracts, its wallets): lower-case each once, not once per log.
  const lowerCached = createLowerCase();

  for (const log of logs) {
    const a = log.args;
    const contract = lowerCached(log.address);
    const at = [chainId, log.blockNumber, log.logIndex] as const;
    const tx = log.transactionHash.toLowerCase();
    const isTransfer = log.eventName === "Transfer" && log.source === "token";
    // A Transfer is stored once, as its journal row (the `all_events` view gives it back as an event).
    if (!isTransfer)
      out.events.push([...at, log.blockHash.toLowerCase(), tx, contract, log.eventName, toEventArgs(a)]);
    switch (isTransfer ? "token.Transfer" : `${log.source}.${log.eventName}`) {
      case "token.Transfer": {
        const from = lowerCached(a.from as string);
        const to = lowerCached(a.to as string);
        const value = a.value as bigint;
        // Most batches hold no forced transfer or recovery: no key to build then.
        const pending =
          counterparts.size === 0
            ? undefined
            : takeAfter(counterparts.get(transferKey(log, a.from, a.to, a.value)), log.logIndex);
        const kind =
          from === ZERO_ADDRESS
            ? "issuance"
            : to === ZERO_ADDRESS
              ? "redemption"
              : (pending?.kind ?? "transfer");
        const fromWallet = from === ZERO_ADDRESS ? null : from;
        const toWallet = to === ZERO_ADDRESS ? null : to;
        const fromInvestor = fromWallet === null ? null : investorOf(contract, fromWallet);
        const toInvestor = toWallet === null ? null : investorOf(contract, toWallet);
        out.transfers.push({
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
          txHash: tx as Hex,
          token: contract as Address,
          kind,
          from: fromWallet as Address | null,
          to: toWallet as Address | null,
          fromInvestorId: fromInvestor,
          toInvestorId: toInvestor,
          amount: value,
          reasonCode: kind === "forced_transfer" ? (pending?.reasonCode ?? null) : null,
        });
        break;
      }
      case "token.HolderCountsChanged":
        out.holder_count_changes.push([...at, tx, contract, a.holders, a.nonAccreditedHolders]);
        break;
      case "token.AddressFrozen":
        out.compliance_actions.push([
          ...at,
          tx,
          contract,
          a.isFrozen === true ? "wallet_frozen" : "wallet_unfrozen",
          lower(a.userAddress),
          null,
          null,
          null,
          null,
          lower(a.owner),
        ]);
        break;
      case "token.TokensFrozen":
      case "token.TokensUnfrozen":
        out.compliance_actions.push([
          ...at,
          tx,
          contract,
          log.eventName === "TokensFrozen" ? "tokens_frozen" : "tokens_unfrozen",
          lower(a.userAddress),
          null,
          a.amount,
          null,
          null,
          null,
        ]);
        break;
      case "token.Paused":
      case "token.Unpaused":
        out.compliance_actions.push([
          ...at,
          tx,
          contract,
          log.eventName === "Paused" ? "paused" : "unpaused",
          null,
          null,
          null,
          null,
          null,
          lower(a.account),
        ]);
        break;
      case "token.ForcedTransfer":
        out.compliance_actions.push([
          ...at,
          tx,
          contract,
          "forced_transfer",
          lower(a.from),
          lower(a.to),
          a.value,
          Number(a.reasonCode),
          null,
          null,
        ]);
        break;
      case "token.WalletRecovered":
        out.compliance_actions.push([
          ...at,
          tx,
          contract,
          "recovery",
          lower(a.lostWallet),
          lower(a.newWallet),
          a.amount,
          null,
          BigInt(a.investorId as number | bigint),
          null,
        ]);
        break;
      case "registry.InvestorRegistered":
      case "registry.InvestorUpdated": {
        const r = a.record as InvestorRecord;
        out.investor_changes.push([
          ...at,
          tx,
          contract,
          BigInt(a.investorId as number | bigint),
          log.eventName === "InvestorRegistered" ? "registered" : "updated",
          Number(r.country),
          BigInt(r.kycExpiry),
          BigInt(r.accreditationExpiry),
          BigInt(r.lockupUntil),
          r.usPerson,
          r.frozen,
        ]);
        break;
      }
      case "registry.InvestorRemoved":
        out.investor_changes.push([
          ...at,
          tx,
          contract,
          BigInt(a.investorId as number | bigint),
          "removed",
          null,
          null,
          null,
          null,
          null,
          null,
        ]);
        break;
      case "registry.WalletLinked":
      case "registry.WalletUnlinked": {
        const wallet = lower(a.wallet);
        const investorId = BigInt(a.investorId as number | bigint);
        const linked = log.eventName === "WalletLinked";
        out.wallet_links.push([...at, tx, contract, wallet, investorId, linked]);
        if (linked) state.links.set(`${contract}|${wallet}`, investorId);
        else state.links.delete(`${contract}|${wallet}`);
        investors = new Map();
        break;
      }
      case "registry.TokenClassBound": {
        const token = lower(a.token);
        out.token_bindings.push([...at, tx, contract, token]);
        state.bindings.set(token, contract);
        investors = new Map();
        break;
      }
      case "factory.TokenClassCreated":
        out.token_classes.push([
          chainId,
          lower(a.token),
          contract,
          lower(a.implementation),
          lower(a.salt),
          a.symbol,
          log.blockNumber,
          log.logIndex,
          tx,
        ]);
        break;
      case "safe.ExecutionSuccess":
      case "safe.ExecutionFailure": {
        const details = takeBefore(safeTxs.get(`${log.transactionHash}|${contract}`), log.logIndex);
        const d = details?.args;
        const nonce =
          d === undefined ? null : (decodeAdditionalInfo(d.additionalInfo as Hex | undefined) ?? null);
        out.safe_executions.push([
          ...at,
          tx,
          contract,
          lower(a.txHash),
          log.eventName === "ExecutionSuccess",
          a.payment,
          nonce,
          d === undefined ? null : lower(d.to),
          d === undefined ? null : d.value,
          d === undefined ? null : lower(d.data),
          d === undefined ? null : Number(d.operation),
        ]);
        break;
      }
      case "safe.AddedOwner":
      case "safe.RemovedOwner":
        out.safe_owner_changes.push([
          ...at,
          0,
          tx,
          contract,
          log.eventName === "AddedOwner" ? "owner_added" : "owner_removed",
          lower(a.owner),
          null,
        ]);
        break;
      case "safe.ChangedThreshold":
        out.safe_owner_changes.push([...at, 0, tx, contract, "threshold_changed", null, Number(a.threshold)]);
        break;
      case "safe.SafeSetup": {
        const owners = a.owners as string[];
        owners.forEach((owner, i) => {
          out.safe_owner_changes.push([...at, i, tx, contract, "owner_added", owner.toLowerCase(), null]);
        });
        out.safe_owner_changes.push([
          ...at,
          owners.length,
          tx,
          contract,
          "threshold_changed",
          null,
          Number(a.threshold),
        ]);
        break;
      }
      case "logAnchor.RootAnchored":
        out.anchored_roots.push([
          ...at,
          tx,
          contract,
          BigInt(a.day as number | bigint),
          lower(a.root),
          BigInt(a.leafCount as number | bigint),
        ]);
        break;
      default:
        // Role changes, settings, timelock calls, upgrades…: kept in `events` only.
        break;
    }
  }
  return out;
}

function transferKey(log: IndexedLog, from: unknown, to: unknown, value: unknown): string {
  return `${log.transactionHash}|${log.address}|${lower(from)}|${lower(to)}|${String(value)}`;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Removes and returns the first entry after `logIndex` (the counterpart emitted right after a Transfer). */
function takeAfter(list: Pending[] | undefined, logIndex: number): Pending | undefined {
  if (list === undefined) return undefined;
  const i = list.findIndex((p) => p.logIndex > logIndex);
  return i < 0 ? undefined : list.splice(i, 1)[0];
}

/** Removes and returns the last log before `logIndex` (the SafeMultiSigTransaction an execution completes). */
function takeBefore(list: IndexedLog[] | undefined, logIndex: number): IndexedLog | undefined {
  if (list === undefined) return undefined;
  let found = -1;
  for (let i = 0; i < list.length; i++) if ((list[i] as IndexedLog).logIndex < logIndex) found = i;
  return found < 0 ? undefined : list.splice(found, 1)[0];
}

/** SafeL2's `additionalInfo` = abi.encode(nonce, msg.sender, threshold): the nonce, or undefined if malformed. */
function decodeAdditionalInfo(info: Hex | undefined): bigint | undefined {
  if (info === undefined || info.length < 2 + 64 * 3) return undefined;
  try {
    const [nonce] = decodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "uint256" }],
      info,
    );
    return nonce;
  } catch {
    return undefined;
  }
}
