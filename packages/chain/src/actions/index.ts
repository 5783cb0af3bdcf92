// Typed, validated actions (calldata for a Safe proposal) and the single-key sender.
export { type AnchorRootParameters, type AnchorRootReturnType, anchorRoot } from "./anchorRoot.ts";
export { type BatchBurnParameters, type BatchBurnReturnType, batchBurn } from "./batchBurn.ts";
export {
  type BatchForcedTransferParameters,
  type BatchForcedTransferReturnType,
  batchForcedTransfer,
} from "./batchForcedTransfer.ts";
export {
  type BatchFreezePartialTokensParameters,
  type BatchFreezePartialTokensReturnType,
  batchFreezePartialTokens,
} from "./batchFreezePartialTokens.ts";
export {
  type BatchLinkWalletsParameters,
  type BatchLinkWalletsReturnType,
  batchLinkWallets,
} from "./batchLinkWallets.ts";
export { type BatchMintParameters, type BatchMintReturnType, batchMint } from "./batchMint.ts";
export {
  type BatchRegisterInvestorsParameters,
  type BatchRegisterInvestorsReturnType,
  batchRegisterInvestors,
} from "./batchRegisterInvestors.ts";
export {
  type BatchSetAddressFrozenParameters,
  type BatchSetAddressFrozenReturnType,
  batchSetAddressFrozen,
} from "./batchSetAddressFrozen.ts";
export {
  type BatchUnfreezePartialTokensParameters,
  type BatchUnfreezePartialTokensReturnType,
  batchUnfreezePartialTokens,
} from "./batchUnfreezePartialTokens.ts";
export {
  type BatchUpdateInvestorsParameters,
  type BatchUpdateInvestorsReturnType,
  batchUpdateInvestors,
} from "./batchUpdateInvestors.ts";
export { type BurnParameters, type BurnReturnType, burn } from "./burn.ts";
export { coinsciousErrorsAbi, type DecodedRevert, decodeRevert } from "./decodeRevert.ts";
export { ActionRevertedError, InvalidActionError } from "./errors.ts";
export {
  type ExecuteTimelockOperationParameters,
  type ExecuteTimelockOperationReturnType,
  executeTimelockOperation,
} from "./executeTimelockOperation.ts";
export { findRevert } from "./findRevert.ts";
export {
  type ForcedTransferParameters,
  type ForcedTransferReturnType,
  forcedTransfer,
} from "./forcedTransfer.ts";
export {
  type FreezePartialTokensParameters,
  type FreezePartialTokensReturnType,
  freezePartialTokens,
} from "./freezePartialTokens.ts";
export { type GrantRoleParameters, type GrantRoleReturnType, grantRole } from "./grantRole.ts";
export { type LinkWalletParameters, type LinkWalletReturnType, linkWallet } from "./linkWallet.ts";
export { type MintParameters, type MintReturnType, mint } from "./mint.ts";
export { type PauseParameters, type PauseReturnType, pause } from "./pause.ts";
export {
  type RecoveryAddressParameters,
  type RecoveryAddressReturnType,
  recoveryAddress,
} from "./recoveryAddress.ts";
export {
  type RegisterInvestorParameters,
  type RegisterInvestorReturnType,
  registerInvestor,
} from "./registerInvestor.ts";
export {
  type RemoveInvestorParameters,
  type RemoveInvestorReturnType,
  removeInvestor,
} from "./removeInvestor.ts";
export { type RevokeRoleParameters, type RevokeRoleReturnType, revokeRole } from "./revokeRole.ts";
export { findRoleName, roleIds } from "./roleIds.ts";
export {
  type ScheduleTimelockOperationParameters,
  type ScheduleTimelockOperationReturnType,
  scheduleTimelockOperation,
} from "./scheduleTimelockOperation.ts";
export { type SendActionParameters, type SendActionReturnType, sendAction } from "./sendAction.ts";
export {
  type SetAccreditationRequiredParameters,
  type SetAccreditationRequiredReturnType,
  setAccreditationRequired,
} from "./setAccreditationRequired.ts";
export {
  type SetAddressFrozenParameters,
  type SetAddressFrozenReturnType,
  setAddressFrozen,
} from "./setAddressFrozen.ts";
export { type SetCountriesParameters, type SetCountriesReturnType, setCountries } from "./setCountries.ts";
export {
  type SetCountryRuleParameters,
  type SetCountryRuleReturnType,
  setCountryRule,
} from "./setCountryRule.ts";
export {
  type SetHolderCapsParameters,
  type SetHolderCapsReturnType,
  setHolderCaps,
} from "./setHolderCaps.ts";
export {
  type SetMaxBalancePerInvestorParameters,
  type SetMaxBalancePerInvestorReturnType,
  setMaxBalancePerInvestor,
} from "./setMaxBalancePerInvestor.ts";
export { type SetRegSParameters, type SetRegSReturnType, setRegS } from "./setRegS.ts";
export {
  type SetTransferLockupParameters,
  type SetTransferLockupReturnType,
  setTransferLockup,
} from "./setTransferLockup.ts";
export { timelockOperationId } from "./timelockOperationId.ts";
export {
  type Action,
  type ActionKind,
  type ActionParamsMap,
  type ActionRole,
  type CountryRule,
  type InvestorRecord,
  type RoleName,
  singleKeyRoles,
} from "./types.ts";
export {
  type UnfreezePartialTokensParameters,
  type UnfreezePartialTokensReturnType,
  unfreezePartialTokens,
} from "./unfreezePartialTokens.ts";
export { type UnlinkWalletParameters, type UnlinkWalletReturnType, unlinkWallet } from "./unlinkWallet.ts";
export { type UnpauseParameters, type UnpauseReturnType, unpause } from "./unpause.ts";
export {
  type UpdateInvestorParameters,
  type UpdateInvestorReturnType,
  updateInvestor,
} from "./updateInvestor.ts";
export { type UpgradeParameters, type UpgradeReturnType, upgrade } from "./upgrade.ts";
