// Safe 1.4.1 multisig: infrastructure, Safes, transactions, signatures, proposals.
export {
  compatibilityFallbackHandlerAbi,
  multiSendAbi,
  SAFE_VERSION,
  safeAbi,
  safeProxyFactoryAbi,
} from "./abis.ts";
export { type AddSignatureParameters, addSignature } from "./addSignature.ts";
export { type BuildSafeTransactionParameters, buildSafeTransaction } from "./buildSafeTransaction.ts";
export { createJsonProposalStore, type JsonProposalStoreOptions } from "./createJsonProposalStore.ts";
export {
  type CreateSafeParameters,
  type CreateSafeReturnType,
  createSafe,
} from "./createSafe.ts";
export { decodeMultiSend } from "./decodeMultiSend.ts";
export {
  type DeploySafeInfrastructureParameters,
  type DeploySafeInfrastructureReturnType,
  deploySafeInfrastructure,
} from "./deploySafeInfrastructure.ts";
export { encodeMultiSend, type MultiSendTransaction } from "./encodeMultiSend.ts";
export { SafeError, type SafeErrorCode } from "./errors.ts";
export {
  type ExecuteProposalParameters,
  type ExecuteProposalReturnType,
  executeProposal,
} from "./executeProposal.ts";
export {
  type ExecuteSafeTransactionParameters,
  type ExecuteSafeTransactionReturnType,
  executeSafeTransaction,
} from "./executeSafeTransaction.ts";
export { getProposal } from "./getProposal.ts";
export { type GetSafeInfoReturnType, getSafeInfo } from "./getSafeInfo.ts";
export { hashSafeTransaction } from "./hashSafeTransaction.ts";
export { isCancellationTransaction } from "./isCancellationTransaction.ts";
export { type PredictSafeAddressParameters, predictSafeAddress } from "./predictSafeAddress.ts";
// DETERMINISTIC_DEPLOYER (same address) is exported by ../deploy; not re-exported here to avoid the clash.
export { predictSafeInfrastructure } from "./predictSafeInfrastructure.ts";
export { type ProposalJson, parseProposal, serializeProposal } from "./proposalCodec.ts";
export { type ProposeCancellationParameters, proposeCancellation } from "./proposeCancellation.ts";
export { type ProposeSafeTransactionParameters, proposeSafeTransaction } from "./proposeSafeTransaction.ts";
export { recoverSafeSigner } from "./recoverSafeSigner.ts";
export {
  type RefreshProposalsParameters,
  type RefreshProposalsReturnType,
  refreshProposals,
} from "./refreshProposals.ts";
export {
  type SafeTransactionTypedDataParameters,
  safeTransactionTypedData,
  safeTxTypes,
} from "./safeTransactionTypedData.ts";
export { signSafeTransaction } from "./signSafeTransaction.ts";
export type {
  Proposal,
  ProposalFilter,
  ProposalSignature,
  ProposalStatus,
  ProposalStore,
  SafeCall,
  SafeInfrastructure,
  SafeOperation,
  SafeSignature,
  SafeTransaction,
} from "./types.ts";
export { type VerifySafeSignatureParameters, verifySafeSignature } from "./verifySafeSignature.ts";
