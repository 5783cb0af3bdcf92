/**
 * Deploys the Coinscious contracts on a fresh anvil for a test file: registry (UUPS proxy), token implementation,
 * factory, one token class, LogAnchor, and the roles. Accounts are impersonated (anvil `--auto-impersonate`),
 * so any address can send transactions without keys; `fund` gives an address ETH for gas.
 */
import {
  type Abi,
  type Address,
  BaseError,
  type ContractFunctionArgs,
  type ContractFunctionName,
  ContractFunctionRevertedError,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  parseEther,
  type TransactionReceipt,
  toHex,
  zeroAddress,
} from "viem";
import { foundry } from "viem/chains";
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
} from "../../generated/index.ts";
import { ROLE, RULES_OFF, type TokenClassConfig } from "../../scripts/deploy.ts";
import { startAnvil, type TestAnvil } from "./anvil.ts";

// The role ids and the class config are the deploy script's; re-exported so tests import one place.
export { ROLE, type TokenClassConfig } from "../../scripts/deploy.ts";

/** ISO 3166-1 numeric codes used by tests. */
export const COUNTRY = { US: 840, DE: 276, FR: 250, GB: 826, JP: 392, KP: 408, IR: 364, CH: 756 } as const;

export const YEAR = 365n * 24n * 3600n;

export type InvestorRecord = {
  country: number;
  kycExpiry: number;
  accreditationExpiry: number;
  lockupUntil: number;
  usPerson: boolean;
  frozen: boolean;
};

type Call<TAbi extends Abi, F extends ContractFunctionName<TAbi, "nonpayable" | "payable">> = {
  address: Address;
  abi: TAbi;
  functionName: F;
  args?: ContractFunctionArgs<TAbi, "nonpayable" | "payable", F>;
};

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** A random-looking but deterministic address for index `i` (test wallets). */
export function walletAddress(i: number): Address {
  return getAddress(`0x${(0xc0de0000n + BigInt(i)).toString(16).padStart(40, "0")}`);
}

/** Default config of a test class: every rule off except what the test turns on. */
export function classConfig(
  admin: Address,
  upgrader: Address,
  overrides: Partial<TokenClassConfig> = {},
): TokenClassConfig {
  return {
    name: "Acme Series A",
    symbol: "ACME-A",
    decimals: 0,
    admin,
    upgrader,
    ...RULES_OFF,
    ...overrides,
  };
}

type FixtureOptions = { tokenConfig?: Partial<TokenClassConfig>; anvilArgs?: string[] };

export async function deployFixture(options: FixtureOptions = {}) {
  const anvil: TestAnvil = await startAnvil({ args: ["--auto-impersonate", ...(options.anvilArgs ?? [])] });
  try {
    return await setUp(anvil, options);
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

async function setUp(anvil: TestAnvil, options: FixtureOptions) {
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
  const transport = http(anvil.rpcUrl, { batch: false });
  const publicClient: PublicClient = createPublicClient({ chain, transport, pollingInterval: 10 });
  const testClient = createTestClient({ chain, transport, mode: "anvil" });
  const walletClient = createWalletClient({ chain, transport });

  const [admin, agent, oracle, freezer, guardian, upgrader, deployer, anchorer, outsider] = (
    await walletClient.getAddresses()
  ).map((a) => getAddress(a));
  const roles = {
    admin: admin as Address,
    agent: agent as Address,
    oracle: oracle as Address,
    freezer: freezer as Address,
    guardian: guardian as Address,
    upgrader: upgrader as Address,
    deployer: deployer as Address,
    anchorer: anchorer as Address,
    outsider: outsider as Address,
  };

  async function fund(address: Address) {
    await testClient.setBalance({ address, value: parseEther("100") });
  }

  /**
   * Waits for a receipt. Once, under heavy machine load in CI, an automined transaction was never mined and
   * the wait ran into viem's 180 s timeout; so wait 30 s, then report what the node says about the transaction
   * (on stderr, for diagnosis), mine a block, and wait once more before failing.
   */
  async function receipt(hash: Hex): Promise<TransactionReceipt> {
    try {
      return await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout: 30_000 });
    } catch (err) {
      if (!(err instanceof BaseError && err.name === "WaitForTransactionReceiptTimeoutError")) throw err;
      const tx = await publicClient.getTransaction({ hash }).catch((e: unknown) => String(e));
      const pool = await testClient
        .request({ method: "txpool_status" } as never)
        .catch((e: unknown) => String(e));
      const block = await publicClient.getBlockNumber({ cacheTime: 0 });
      console.error(
        `fixture: no receipt for ${hash} after 30 s; block ${block}; txpool ${JSON.stringify(pool)}; tx`,
        tx,
      );
      await testClient.mine({ blocks: 1 });
      const r = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout: 10_000 });
      console.error(`fixture: ${hash} was mined only after an explicit evm_mine (automine stalled)`);
      return r;
    }
  }

  /** Sends a contract call from `from` (impersonated) and returns the receipt; throws when it reverts. */
  async function send<const TAbi extends Abi, F extends ContractFunctionName<TAbi, "nonpayable" | "payable">>(
    from: Address,
    call: Call<TAbi, F>,
  ): Promise<TransactionReceipt> {
    const data = encodeFunctionData({
      abi: call.abi,
      functionName: call.functionName,
      args: call.args,
    } as never);
    const hash = await walletClient.sendTransaction({
      account: from,
      to: call.address,
      data,
      chain,
      gas: 15_000_000n,
    });
    const r = await receipt(hash);
    if (r.status !== "success") {
      const reason = await revertOf(from, call);
      throw new Error(`${String(call.functionName)} reverted${reason ? `: ${reason.errorName}` : ""}`);
    }
    return r;
  }

  /** The decoded custom error `call` would revert with when sent by `from`, or undefined if it succeeds. */
  async function revertOf<
    const TAbi extends Abi,
    F extends ContractFunctionName<TAbi, "nonpayable" | "payable">,
  >(
    from: Address,
    call: Call<TAbi, F>,
  ): Promise<{ errorName: string; args: readonly unknown[] } | undefined> {
    try {
      await publicClient.simulateContract({ ...call, account: from } as never);
      return undefined;
    } catch (err) {
      if (err instanceof BaseError) {
        const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
        if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
          return { errorName: revert.data.errorName, args: (revert.data.args ?? []) as readonly unknown[] };
        }
      }
      throw err;
    }
  }

  async function deploy(abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
    const hash = await walletClient.deployContract({
      abi,
      bytecode,
      args,
      account: roles.deployer,
      chain,
    } as never);
    const r = await receipt(hash);
    if (r.status !== "success" || !r.contractAddress) throw new Error("deployment failed");
    return getAddress(r.contractAddress);
  }

  // ---- registry behind a UUPS proxy
  const registryImpl = await deploy(investorRegistryAbi, investorRegistryBytecode, []);
  const registryAddress = await deploy(erc1967ProxyAbi, erc1967ProxyBytecode, [
    registryImpl,
    encodeFunctionData({
      abi: investorRegistryAbi,
      functionName: "initialize",
      args: [roles.admin, roles.upgrader],
    }),
  ]);
  const registry = { address: registryAddress, abi: investorRegistryAbi } as const;

  // ---- token implementation + factory
  const tokenImpl = await deploy(securityTokenAbi, securityTokenBytecode, []);
  const factoryAddress = await deploy(tokenFactoryAbi, tokenFactoryBytecode, [
    registryAddress,
    tokenImpl,
    roles.admin,
  ]);
  const factory = { address: factoryAddress, abi: tokenFactoryAbi } as const;
  await send(roles.admin, {
    ...registry,
    functionName: "grantRole",
    args: [ROLE.CLASS_BINDER, factoryAddress],
  });
  await send(roles.admin, {
    ...registry,
    functionName: "grantRole",
    args: [ROLE.REGISTRY_ORACLE, roles.oracle],
  });

  let classCounter = 0;
  /** Creates a token class through the factory and grants agent, freezer and guardian. */
  async function createClass(
    overrides: Partial<TokenClassConfig> = {},
    salt: Hex = keccak256(toHex(`class-${++classCounter}`)),
  ) {
    const cfg = classConfig(roles.admin, roles.upgrader, overrides);
    const predicted = (await publicClient.readContract({
      ...factory,
      functionName: "predictTokenAddress",
      args: [cfg, salt],
    })) as Address;
    await send(roles.admin, { ...factory, functionName: "createTokenClass", args: [cfg, salt] });
    const token = { address: getAddress(predicted), abi: securityTokenAbi } as const;
    await send(roles.admin, { ...token, functionName: "grantRole", args: [ROLE.AGENT, roles.agent] });
    await send(roles.admin, { ...token, functionName: "grantRole", args: [ROLE.FREEZER, roles.freezer] });
    await send(roles.admin, { ...token, functionName: "grantRole", args: [ROLE.GUARDIAN, roles.guardian] });
    return token;
  }

  const token = await createClass(options.tokenConfig ?? {});
  const anchorAddress = await deploy(logAnchorAbi, logAnchorBytecode, [roles.admin, roles.anchorer]);
  const anchor = { address: anchorAddress, abi: logAnchorAbi } as const;

  async function now(): Promise<bigint> {
    return (await publicClient.getBlock()).timestamp;
  }

  /** A record valid for a year from now, accredited, not a US person, in Germany. */
  async function goodRecord(overrides: Partial<InvestorRecord> = {}): Promise<InvestorRecord> {
    const t = Number(await now());
    return {
      country: COUNTRY.DE,
      kycExpiry: t + Number(YEAR),
      accreditationExpiry: t + Number(YEAR),
      lockupUntil: 0,
      usPerson: false,
      frozen: false,
      ...overrides,
    };
  }

  async function registerInvestor(id: bigint, wallet: Address, record?: Partial<InvestorRecord>) {
    await fund(wallet);
    return send(roles.oracle, {
      ...registry,
      functionName: "registerInvestor",
      args: [Number(id), wallet, await goodRecord(record)],
    });
  }

  async function read<T>(call: {
    address: Address;
    abi: Abi;
    functionName: string;
    args?: readonly unknown[];
  }) {
    return (await publicClient.readContract(call as never)) as T;
  }

  return {
    anvil,
    chain,
    publicClient,
    testClient,
    walletClient,
    roles,
    registry,
    registryImpl,
    tokenImpl,
    factory,
    token,
    anchor,
    createClass,
    deploy,
    send,
    revertOf,
    read,
    fund,
    now,
    goodRecord,
    registerInvestor,
    zeroAddress,
    stop: () => anvil.stop(),
  };
}
