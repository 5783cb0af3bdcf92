/**
 * Deploys the Coinscious contracts with any viem wallet client: the investor registry behind a UUPS proxy, the
 * SecurityToken implementation, the TokenFactory (granted the registry's CLASS_BINDER_ROLE), one token class,
 * and LogAnchor. Used by the tests' fixture and by `npm start`; the production deployment (Safe, timelock,
 * CREATE2 resume, manifest) is the chain package's.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  encodeFunctionData,
  getAddress,
  type Hex,
  keccak256,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  toHex,
  type WalletClient,
} from "viem";
import {
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  investorRegistryAbi,
  investorRegistryBytecode,
  logAnchorAbi,
  logAnchorBytecode,
  securityTokenAbi,
  securityTokenBytecode,
  tokenFactoryAbi,
  tokenFactoryBytecode,
} from "../generated/index.ts";

/** The role identifiers of the contracts (`keccak256` of the role name; admin is zero). */
export const ROLE = {
  DEFAULT_ADMIN: `0x${"00".repeat(32)}` as Hex,
  AGENT: keccak256(toHex("AGENT_ROLE")),
  FREEZER: keccak256(toHex("FREEZER_ROLE")),
  GUARDIAN: keccak256(toHex("GUARDIAN_ROLE")),
  UPGRADER: keccak256(toHex("UPGRADER_ROLE")),
  REGISTRY_ORACLE: keccak256(toHex("REGISTRY_ORACLE_ROLE")),
  CLASS_BINDER: keccak256(toHex("CLASS_BINDER_ROLE")),
  CLASS_CREATOR: keccak256(toHex("CLASS_CREATOR_ROLE")),
  ANCHORER: keccak256(toHex("ANCHORER_ROLE")),
} as const;

export type TokenClassConfig = {
  name: string;
  symbol: string;
  decimals: number;
  admin: Address;
  upgrader: Address;
  requireAccreditation: boolean;
  regS: boolean;
  regSDistributionEnd: number;
  transfersLockedUntil: number;
  maxBalancePerInvestor: bigint;
  maxHolders: number;
  maxNonAccreditedHolders: number;
  countryRule: number;
  countries: readonly number[];
};

/**
 * Every transfer rule of a class off: no accreditation requirement, Reg S, lock-up, balance cap, holder caps or
 * country rule — any registered, unfrozen wallet may hold and move any amount. For tests and demos: spread it under
 * a class's name, symbol and decimals, and override what a test turns on.
 */
export const RULES_OFF = Object.freeze({
  requireAccreditation: false,
  regS: false,
  regSDistributionEnd: 0,
  transfersLockedUntil: 0,
  maxBalancePerInvestor: 0n,
  maxHolders: 0,
  maxNonAccreditedHolders: 0,
  countryRule: 0,
  countries: Object.freeze([]) as readonly number[],
}) satisfies Omit<TokenClassConfig, "name" | "symbol" | "decimals" | "admin" | "upgrader">;

export type DeployParameters = {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  admin: Address;
  upgrader: Address;
  registryOracle: Address;
  anchorer: Address;
  tokenClass: Omit<TokenClassConfig, "admin" | "upgrader">;
  /** Salt of the first class (CREATE2 through the factory). */
  salt?: Hex;
};

export type DeployReturnType = {
  registry: Address;
  registryImplementation: Address;
  tokenImplementation: Address;
  factory: Address;
  token: Address;
  logAnchor: Address;
  receipts: TransactionReceipt[];
};

/**
 * Deploys the contracts. The sender must be the `admin` (it grants the factory's binder role and creates the
 * class); every transaction is waited for and must succeed.
 *
 * @example
 * const d = await deployContracts({ walletClient, publicClient, admin, upgrader: admin, registryOracle,
 *   anchorer: admin, tokenClass: { name: "Acme", symbol: "ACME", decimals: 0, ...RULES_OFF } });
 */
export async function deployContracts(p: DeployParameters): Promise<DeployReturnType> {
  const receipts: TransactionReceipt[] = [];
  const wait = async (hash: Hex) => {
    const r = await p.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (r.status !== "success") throw new Error(`transaction ${hash} reverted`);
    receipts.push(r);
    return r;
  };
  const deploy = async (abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
    const r = await wait(await p.walletClient.deployContract({ abi, bytecode, args } as never));
    if (!r.contractAddress) throw new Error("no contract address in receipt");
    return getAddress(r.contractAddress);
  };
  const call = async (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) =>
    wait(
      await p.walletClient.sendTransaction({
        to: address,
        data: encodeFunctionData({ abi, functionName, args }),
      }),
    );

  const registryImplementation = await deploy(investorRegistryAbi, investorRegistryBytecode, []);
  const initRegistry = encodeFunctionData({
    abi: investorRegistryAbi,
    functionName: "initialize",
    args: [p.admin, p.upgrader],
  });
  const registry = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [
    registryImplementation,
    initRegistry,
  ]);
  const tokenImplementation = await deploy(securityTokenAbi, securityTokenBytecode, []);
  const factory = await deploy(tokenFactoryAbi, tokenFactoryBytecode, [
    registry,
    tokenImplementation,
    p.admin,
  ]);
  await call(registry, investorRegistryAbi, "grantRole", [ROLE.CLASS_BINDER, factory]);
  await call(registry, investorRegistryAbi, "grantRole", [ROLE.REGISTRY_ORACLE, p.registryOracle]);

  const cfg = { ...p.tokenClass, admin: p.admin, upgrader: p.upgrader };
  const salt = p.salt ?? keccak256(toHex(cfg.symbol));
  const token = (await p.publicClient.readContract({
    address: factory,
    abi: tokenFactoryAbi,
    functionName: "predictTokenAddress",
    args: [cfg, salt],
  })) as Address;
  await call(factory, tokenFactoryAbi, "createTokenClass", [cfg, salt]);
  const logAnchor = await deploy(logAnchorAbi, logAnchorBytecode, [p.admin, p.anchorer]);
  return {
    registry,
    registryImplementation,
    tokenImplementation,
    factory,
    token: getAddress(token),
    logAnchor,
    receipts,
  };
}
