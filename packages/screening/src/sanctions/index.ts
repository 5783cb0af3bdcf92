// @coinscious/screening — OFAC sanctions screening (compliance-rules.md §4.2, §4.3).
export {
  buildFreezeProposals,
  type FreezeProposal,
  type FreezeTarget,
} from "./buildFreezeProposals.ts";
export {
  checkSanctionsListSanity,
  type SanctionsListBaseline,
  type SanctionsRefreshPolicy,
} from "./checkSanctionsListSanity.ts";
export {
  type CheckSanctionsOracleParameters,
  checkSanctionsOracle,
  type OracleCheckResult,
} from "./checkSanctionsOracle.ts";
export {
  type AddressCollector,
  createAddressCollector,
  DIGITAL_CURRENCY_PREFIX,
  normalizeEvmAddress,
} from "./createAddressCollector.ts";
export { type CsvRowParser, createCsvRowParser } from "./csv/createCsvRowParser.ts";
export {
  SanctionsListError,
  type SanctionsListErrorCode,
  SanctionsListFetchError,
  SanctionsListParseError,
} from "./errors.ts";
export { findCurrentSanctionsList, type SanctionsListSnapshot } from "./findCurrentSanctionsList.ts";
export type { ListParser, ParsedListBody } from "./listParser.ts";
export { type LoadSanctionsListParameters, loadSanctionsList } from "./loadSanctionsList.ts";
export {
  type OpenSanctionsSourceParameters,
  type OpenSanctionsSourceReturnType,
  openSanctionsSource,
} from "./openSanctionsSource.ts";
export { createSdnAdvancedXmlParser, SDN_ADVANCED_NAMESPACES } from "./parseSdnAdvancedXml.ts";
export { addressesInRemarks, createSdnCommentsParser, createSdnCsvParser } from "./parseSdnCsv.ts";
export { createSdnXmlParser } from "./parseSdnXml.ts";
export { type RefreshAndScreenParameters, refreshAndScreen } from "./refreshAndScreen.ts";
export {
  type RefreshSanctionsListParameters,
  type RefreshSanctionsListReturnType,
  refreshSanctionsList,
} from "./refreshSanctionsList.ts";
export { SANCTIONS_ORACLE_ADDRESSES, sanctionsOracleAbi } from "./sanctionsOracleAbi.ts";
export {
  type SanctionsFreshnessPolicy,
  type ScreenAddressParameters,
  type ScreeningResult,
  type StaleReason,
  screenAddress,
} from "./screenAddress.ts";
export {
  type SanctionsAlert,
  type ScreenInvestorWalletsParameters,
  type ScreenInvestorWalletsReturnType,
  screenInvestorWallets,
  type WalletScreening,
} from "./screenInvestorWallets.ts";
export {
  type ToSanctionsFactsParameters,
  type ToSanctionsFactsReturnType,
  toSanctionsFacts,
} from "./toSanctionsFacts.ts";
export type { SanctionedAddress, SanctionsList, SanctionsListFormat, ScreeningStatus } from "./types.ts";
export { createXmlScanner, type XmlHandlers, type XmlScanner } from "./xml/createXmlScanner.ts";
