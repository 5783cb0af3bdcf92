import type { Address, Hex } from "viem";

/**
 * Who must send an action. The names are the roles of the deployment (contracts README, "Roles"): `agent`,
 * `freezer`, `admin` and (in production) `upgrader` are held by the Safe (the upgrader through the timelock),
 * `registryOracle`, `guardian` and `anchorer` by single keys.
 */
export type ActionRole =
  | "agent"
  | "freezer"
  | "admin"
  | "guardian"
  | "registryOracle"
  | "anchorer"
  | "upgrader"
  | "timelockProposer"
  | "anyone";

/** The roles a single key holds in a deployment: the only ones {@link sendAction} sends by default. */
export const singleKeyRoles: readonly ActionRole[] = ["registryOracle", "guardian", "anchorer", "anyone"];

/**
 * One investor's attributes as the registry stores them (`IInvestorRegistry.InvestorRecord`). Timestamps are
 * Unix seconds (`uint40`), 0 = never set.
 */
export type InvestorRecord = {
  /** ISO 3166-1 numeric code, 0–999 (840 = United States; 0 = unknown). */
  country: number;
  /** KYC valid while `block.timestamp < kycExpiry`; 0 = no KYC. */
  kycExpiry: number;
  /** Accredited while `block.timestamp < accreditationExpiry`; 0 = not accredited. */
  accreditationExpiry: number;
  /** The investor may not send before this time (Rule 144 / Reg S holding period); 0 = none. */
  lockupUntil: number;
  /** US person under Regulation S, Rule 902(k). */
  usPerson: boolean;
  /** Stop order on the investor. */
  frozen: boolean;
};

/** The role names the contracts define (`keccak256(name)`, admin = zero). */
export type RoleName =
  | "DEFAULT_ADMIN_ROLE"
  | "AGENT_ROLE"
  | "FREEZER_ROLE"
  | "GUARDIAN_ROLE"
  | "UPGRADER_ROLE"
  | "REGISTRY_ORACLE_ROLE"
  | "CLASS_BINDER_ROLE"
  | "CLASS_CREATOR_ROLE"
  | "ANCHORER_ROLE";

/** 0 = no jurisdiction rule, 1 = allow-list, 2 = deny-list (`SecurityToken.setCountryRule`). */
export type CountryRule = 0 | 1 | 2;

/**
 * The normalized parameters of every action kind, as stored in {@link Action}`.params`: addresses checksummed,
 * investor ids as bigint, reason codes and roles resolved to their numbers.
 */
export type ActionParamsMap = {
  mint: { token: Address; to: Address; amount: bigint };
  batchMint: { token: Address; toList: Address[]; amounts: bigint[] };
  burn: { token: Address; from: Address; amount: bigint };
  batchBurn: { token: Address; fromList: Address[]; amounts: bigint[] };
  forcedTransfer: { token: Address; from: Address; to: Address; amount: bigint; reasonCode: number };
  batchForcedTransfer: {
    token: Address;
    fromList: Address[];
    toList: Address[];
    amounts: bigint[];
    reasonCodes: number[];
  };
  recoveryAddress: { token: Address; lostWallet: Address; newWallet: Address };
  setAddressFrozen: { token: Address; wallet: Address; frozen: boolean };
  batchSetAddressFrozen: { token: Address; wallets: Address[]; frozen: boolean[] };
  freezePartialTokens: { token: Address; wallet: Address; amount: bigint };
  batchFreezePartialTokens: { token: Address; wallets: Address[]; amounts: bigint[] };
  unfreezePartialTokens: { token: Address; wallet: Address; amount: bigint };
  batchUnfreezePartialTokens: { token: Address; wallets: Address[]; amounts: bigint[] };
  pause: { token: Address };
  unpause: { token: Address };
  setHolderCaps: { token: Address; maxHolders: number; maxNonAccreditedHolders: number };
  setCountries: { token: Address; countries: number[]; listed: boolean };
  setCountryRule: { token: Address; rule: CountryRule };
  setMaxBalancePerInvestor: { token: Address; maxBalance: bigint };
  setAccreditationRequired: { token: Address; required: boolean };
  setRegS: { token: Address; enabled: boolean; distributionEnd: number };
  setTransferLockup: { token: Address; lockedUntil: number };
  registerInvestor: { registry: Address; investorId: bigint; wallet: Address; record: InvestorRecord };
  batchRegisterInvestors: {
    registry: Address;
    investorIds: bigint[];
    wallets: Address[];
    records: InvestorRecord[];
  };
  updateInvestor: { registry: Address; investorId: bigint; record: InvestorRecord };
  batchUpdateInvestors: { registry: Address; investorIds: bigint[]; records: InvestorRecord[] };
  linkWallet: { registry: Address; wallet: Address; investorId: bigint };
  batchLinkWallets: { registry: Address; wallets: Address[]; investorIds: bigint[] };
  unlinkWallet: { registry: Address; wallet: Address };
  removeInvestor: { registry: Address; investorId: bigint };
  anchorRoot: { logAnchor: Address; day: number; root: Hex; leafCount: bigint };
  upgrade: { proxy: Address; newImplementation: Address; data: Hex };
  scheduleTimelockOperation: {
    timelock: Address;
    operation: { target: Address; data: Hex; kind: ActionKind };
    salt: Hex;
    delay: bigint;
    operationId: Hex;
  };
  executeTimelockOperation: {
    timelock: Address;
    operation: { target: Address; data: Hex; kind: ActionKind };
    salt: Hex;
    operationId: Hex;
  };
  grantRole: { contract: Address; role: Hex; roleName: RoleName; account: Address };
  revokeRole: { contract: Address; role: Hex; roleName: RoleName; account: Address };
};

export type ActionKind = keyof ActionParamsMap;

/**
 * A privileged call, validated and encoded: what a Safe proposal (or {@link sendAction}, for the single-key
 * roles) sends. `Action` alone is the union of every kind; `Action<"mint">` one kind, with typed `params`.
 */
export type Action<K extends ActionKind = ActionKind> = {
  [P in K]: {
    kind: P;
    /** The contract called. */
    target: Address;
    /** The calldata. */
    data: Hex;
    /** No action sends ETH. */
    value: 0n;
    /** One line for the proposal list and the audit log. */
    description: string;
    /** The role the sender must hold. */
    role: ActionRole;
    params: ActionParamsMap[P];
  };
}[K];
