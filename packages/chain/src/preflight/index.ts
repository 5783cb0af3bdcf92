// Preflight: eth_call simulation of an action as its sender, with every reason it would fail.
export { type BalanceChangesParameters, balanceChanges } from "./balanceChanges.ts";
export { type CheckRulesParameters, checkRules } from "./checkRules.ts";
export { type FindFailingItemsParameters, findFailingItems } from "./findFailingItems.ts";
export { reasonOfRevert } from "./reasonOfRevert.ts";
export { simulate } from "./simulate.ts";
export { type TokenMove, tokenMoves } from "./tokenMoves.ts";
export type {
  BalanceChange,
  BlockAt,
  PreflightReason,
  SimulateParameters,
  SimulateReturnType,
} from "./types.ts";
