import { ReasonCode } from "@coinscious/core";
import type { Hex } from "viem";
import type { DecodedRevert } from "../actions/decodeRevert.ts";
import { findRoleName } from "../actions/roleIds.ts";
import { ruleReason } from "./ruleReason.ts";
import type { PreflightReason } from "./types.ts";

/**
 * Failures that are not transfer rules: no registry number (`code: null`), a SCREAMING_SNAKE name and a title.
 * Names differing from the plain conversion of the error name are chosen to read well to an operator.
 */
const NON_RULE: Readonly<Record<string, { name?: string; title: string }>> = {
  AccessControlUnauthorizedAccount: { name: "MISSING_ROLE", title: "The sender lacks the role" },
  EnforcedPause: { name: "ALREADY_PAUSED", title: "The class is already paused" },
  ExpectedPause: { name: "NOT_PAUSED", title: "The class is not paused" },
  ZeroAddress: { title: "An address argument is the zero address" },
  ZeroAmount: { title: "An amount is zero" },
  ArrayLengthMismatch: { title: "The batch's arrays differ in length" },
  EmptyBatch: { title: "The batch is empty" },
  ZeroInvestorId: { title: "Investor id 0 is reserved" },
  InvestorAlreadyRegistered: { title: "The investor id is already registered" },
  UnknownInvestor: { title: "The investor id is not registered" },
  WalletAlreadyLinked: { title: "The wallet is already linked to an investor" },
  WalletNotLinked: { title: "The wallet is not linked to an investor" },
  InvestorHasWallets: { title: "The investor still has linked wallets" },
  InvalidCountry: { title: "Not an ISO 3166-1 numeric country code (0–999)" },
  WalletHasBalance: { title: "The wallet still holds tokens; recover them first" },
  SupplyCapExceeded: { title: "The total supply would exceed 2^96-1 base units" },
  InvalidReasonCode: { title: "A forced transfer needs a reason" },
  WalletsNotSameInvestor: { title: "The wallets are not linked to the same investor" },
  NothingToRecover: { title: "The lost wallet holds nothing" },
  FreezeExceedsBalance: { title: "Freezing more than the unfrozen balance" },
  UnfreezeExceedsFrozen: { title: "Unfreezing more than is frozen" },
  InvalidCountryRule: { title: "Country rule must be off, allow-list or deny-list" },
  RootAlreadyAnchored: { title: "The day already has a root; roots never change" },
  ZeroRoot: { title: "A zero root cannot be anchored" },
  DayInFuture: { title: "The day has not started yet" },
  ERC1967InvalidImplementation: { title: "The new implementation is not a contract" },
  UUPSUnsupportedProxiableUUID: { title: "The new implementation is not a UUPS implementation" },
  ERC20InvalidReceiver: { title: "The recipient is the zero address" },
  ERC20InvalidSender: { title: "The sender is the zero address" },
  EmptyRevert: { name: "REVERTED", title: "The call reverted without a reason" },
  UnknownError: { title: "The call reverted with an error none of the contracts declares" },
  Panic: { title: "The call panicked (assertion, arithmetic or array fault)" },
};

const snake = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toUpperCase();

/**
 * The reason a decoded revert stands for: `TransferNotAllowed` carries its rule code, ERC-20's
 * `ERC20InsufficientBalance` is 120 (`INSUFFICIENT_UNRESTRICTED_BALANCE`, as the rule views report a plain
 * shortfall), everything else has `code: null` and a name of its own (see {@link PreflightReason}).
 *
 * @example
 * reasonOfRevert({ errorName: "TransferNotAllowed", args: [from, to, 5n, 45], data })
 * // { code: 45, name: "KYC_EXPIRED_TO", title: "Recipient KYC expired", source: "revert" }
 */
export function reasonOfRevert(
  revert: DecodedRevert,
  source: PreflightReason["source"] = "revert",
  item?: number,
): PreflightReason {
  if (revert.errorName === "TransferNotAllowed") return ruleReason(Number(revert.args[3]), source, item);
  if (revert.errorName === "ERC20InsufficientBalance") {
    return ruleReason(ReasonCode.INSUFFICIENT_UNRESTRICTED_BALANCE, source, item);
  }
  const known = NON_RULE[revert.errorName];
  let title = known?.title ?? revert.errorName;
  if (revert.errorName === "AccessControlUnauthorizedAccount") {
    const role = revert.args[1] as Hex;
    title = `The sender lacks ${findRoleName(role) ?? role}`;
  } else if (revert.errorName === "Error") {
    title = String(revert.args[0]);
  }
  const reason: PreflightReason = {
    code: null,
    name: known?.name ?? (revert.errorName === "Error" ? "REVERTED" : snake(revert.errorName)),
    title,
    source,
  };
  if (item !== undefined) reason.item = item;
  return reason;
}
