/**
 * T-REX (ERC-3643 reference implementation) half of the gas benchmark.
 *
 * Deploys the T-REX v4 suite from the compiled Hardhat artifacts shipped in `@tokenysolutions/t-rex` and
 * `@onchain-id/solidity` (no T-REX source is compiled or copied here) onto an anvil node, then measures the
 * `gasUsed` of one transaction per scenario. Every measured transaction is checked to have succeeded and to
 * be the scenario its name says (balances, frozen flag and verification status are read before and after).
 *
 * Setup: ModularCompliance with CountryAllowModule (investors' country allowed) and MaxBalanceModule
 * (generous maximum), one required claim topic, one trusted ClaimIssuer holding a purpose-3 (CLAIM) signing
 * key, and one ONCHAINID IdentityProxy per investor carrying a claim signed by that key.
 */
import { createRequire } from "node:module";
import {
  type Abi,
  type Account,
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseEther,
  type TransactionReceipt,
  toHex,
  type WalletClient,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

/** Gas used (`receipt.gasUsed`, intrinsic gas included) by each T-REX scenario. */
export type TrexGas = {
  /** `transfer` between two investors who both already hold tokens. */
  transfer: bigint;
  /** `transfer` to a registered, verified investor who holds nothing yet. */
  new_holder_transfer: bigint;
  /** `mint` to an investor with zero balance. */
  first_mint: bigint;
  /** `mint` to an investor who already holds tokens. */
  mint_existing: bigint;
  /** `forcedTransfer` by an agent between two holders. */
  forced_transfer: bigint;
  /** `batchMint` to {@link BATCH_SIZE} fresh investors, `gasUsed / BATCH_SIZE`. */
  batch_mint_per_investor: bigint;
  /** `setAddressFrozen(wallet, true)`. */
  freeze: bigint;
  /** Deploy an `IdentityProxy` + `addClaim` (signed by the trusted ClaimIssuer) + `registerIdentity`, summed. */
  register_investor: bigint;
};

const require = createRequire(import.meta.url);

type Artifact = { contractName: string; abi: Abi; bytecode: Hex };

function trexArtifact(path: string): Artifact {
  return require(`@tokenysolutions/t-rex/artifacts/contracts/${path}.json`) as Artifact;
}

function onchainIdArtifact(path: string): Artifact {
  return require(`@onchain-id/solidity/artifacts/contracts/${path}.json`) as Artifact;
}

const TREX = {
  Token: trexArtifact("token/Token.sol/Token"),
  ClaimTopicsRegistry: trexArtifact("registry/implementation/ClaimTopicsRegistry.sol/ClaimTopicsRegistry"),
  IdentityRegistry: trexArtifact("registry/implementation/IdentityRegistry.sol/IdentityRegistry"),
  IdentityRegistryStorage: trexArtifact(
    "registry/implementation/IdentityRegistryStorage.sol/IdentityRegistryStorage",
  ),
  TrustedIssuersRegistry: trexArtifact(
    "registry/implementation/TrustedIssuersRegistry.sol/TrustedIssuersRegistry",
  ),
  ModularCompliance: trexArtifact("compliance/modular/ModularCompliance.sol/ModularCompliance"),
  TREXImplementationAuthority: trexArtifact(
    "proxy/authority/TREXImplementationAuthority.sol/TREXImplementationAuthority",
  ),
  TokenProxy: trexArtifact("proxy/TokenProxy.sol/TokenProxy"),
  ClaimTopicsRegistryProxy: trexArtifact("proxy/ClaimTopicsRegistryProxy.sol/ClaimTopicsRegistryProxy"),
  IdentityRegistryProxy: trexArtifact("proxy/IdentityRegistryProxy.sol/IdentityRegistryProxy"),
  IdentityRegistryStorageProxy: trexArtifact(
    "proxy/IdentityRegistryStorageProxy.sol/IdentityRegistryStorageProxy",
  ),
  TrustedIssuersRegistryProxy: trexArtifact(
    "proxy/TrustedIssuersRegistryProxy.sol/TrustedIssuersRegistryProxy",
  ),
  ModularComplianceProxy: trexArtifact("proxy/ModularComplianceProxy.sol/ModularComplianceProxy"),
  ModuleProxy: trexArtifact("compliance/modular/modules/ModuleProxy.sol/ModuleProxy"),
  CountryAllowModule: trexArtifact("compliance/modular/modules/CountryAllowModule.sol/CountryAllowModule"),
  MaxBalanceModule: trexArtifact("compliance/modular/modules/MaxBalanceModule.sol/MaxBalanceModule"),
} as const;

const ONCHAINID = {
  Identity: onchainIdArtifact("Identity.sol/Identity"),
  IdentityProxy: onchainIdArtifact("proxy/IdentityProxy.sol/IdentityProxy"),
  ImplementationAuthority: onchainIdArtifact("proxy/ImplementationAuthority.sol/ImplementationAuthority"),
  ClaimIssuer: onchainIdArtifact("ClaimIssuer.sol/ClaimIssuer"),
} as const;

/** Anvil's well-known dev mnemonic; its first accounts are pre-funded. */
const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
/** Number of fresh investors minted to by the `batchMint` scenario. */
const BATCH_SIZE = 100;
/** The single claim topic the identity registry requires (1 = KYC by ONCHAINID convention). */
const CLAIM_TOPIC = 1n;
/** ECDSA claim scheme (ERC-735). */
const CLAIM_SCHEME = 1n;
const CLAIM_DATA = toHex("KYC approved");
/** ERC-734 key purpose CLAIM and key type ECDSA. */
const PURPOSE_CLAIM = 3n;
const KEY_TYPE_ECDSA = 1n;
/** ISO 3166-1 numeric code of the investors' country (United States), allowed by CountryAllowModule. */
const INVESTOR_COUNTRY = 840;
const TOKEN_DECIMALS = 0;
const MAX_BALANCE = 1_000_000_000n;
const TREX_VERSION = { major: 4, minor: 1, patch: 6 } as const;

type Call = { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] };

/** Clients, actors and deployed addresses of one T-REX suite on one anvil node. */
type Suite = {
  client: PublicClient;
  wallet: WalletClient;
  rpcUrl: string;
  /** Owner of every T-REX contract, agent on the token and the identity registry. */
  deployer: LocalAccount;
  /** Key registered on the ClaimIssuer with purpose CLAIM; signs the investors' claims. */
  claimSigner: LocalAccount;
  claimIssuer: Address;
  identityAuthority: Address;
  identityRegistry: Address;
  compliance: Address;
  token: Address;
};

/** Sends a contract call, waits for its receipt and fails unless it succeeded. */
async function send(s: Suite, account: Account, call: Call): Promise<TransactionReceipt> {
  const hash = await s.wallet.writeContract({ ...call, args: call.args ?? [], account, chain: foundry });
  const receipt = await s.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${call.functionName} reverted (tx ${hash})`);
  return receipt;
}

/** Deploys an artifact, waits for the receipt and returns it with the new contract's address. */
async function deploy(
  s: Suite,
  account: Account,
  artifact: Artifact,
  args: readonly unknown[] = [],
): Promise<{ address: Address; receipt: TransactionReceipt }> {
  const hash = await s.wallet.deployContract({
    account,
    chain: foundry,
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args,
  });
  const receipt = await s.client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new Error(`deploying ${artifact.contractName} failed (tx ${hash})`);
  }
  return { address: receipt.contractAddress, receipt };
}

async function read<T>(s: Suite, call: Call): Promise<T> {
  return (await s.client.readContract({ ...call, args: call.args ?? [] })) as T;
}

function tokenCall(s: Suite, functionName: string, args: readonly unknown[]): Call {
  return { address: s.token, abi: TREX.Token.abi, functionName, args };
}

async function balanceOf(s: Suite, wallet: Address): Promise<bigint> {
  return read<bigint>(s, tokenCall(s, "balanceOf", [wallet]));
}

async function isVerified(s: Suite, wallet: Address): Promise<boolean> {
  return read<boolean>(s, {
    address: s.identityRegistry,
    abi: TREX.IdentityRegistry.abi,
    functionName: "isVerified",
    args: [wallet],
  });
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`T-REX bench: ${message}`);
}

/**
 * Deploys the whole suite: implementations → TREXImplementationAuthority (+ addAndUseTREXVersion) →
 * registries behind their proxies → claim topic and trusted ClaimIssuer → ONCHAINID implementation authority
 * → ModularCompliance + token proxy → compliance modules bound and configured.
 */
async function deploySuite(rpcUrl: string): Promise<Suite> {
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain: foundry, transport, pollingInterval: 50 });
  const wallet = createWalletClient({ chain: foundry, transport, pollingInterval: 50 });
  const deployer = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 });
  const claimIssuerOwner = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 1 });
  const claimSigner = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 2 });
  const zero = "0x0000000000000000000000000000000000000000" as const;
  const s: Suite = {
    client: client as PublicClient,
    wallet,
    rpcUrl,
    deployer,
    claimSigner,
    claimIssuer: zero,
    identityAuthority: zero,
    identityRegistry: zero,
    compliance: zero,
    token: zero,
  };

  // Implementations and the implementation authority every T-REX proxy reads its logic address from.
  const impl = {
    tokenImplementation: (await deploy(s, deployer, TREX.Token)).address,
    ctrImplementation: (await deploy(s, deployer, TREX.ClaimTopicsRegistry)).address,
    irImplementation: (await deploy(s, deployer, TREX.IdentityRegistry)).address,
    irsImplementation: (await deploy(s, deployer, TREX.IdentityRegistryStorage)).address,
    tirImplementation: (await deploy(s, deployer, TREX.TrustedIssuersRegistry)).address,
    mcImplementation: (await deploy(s, deployer, TREX.ModularCompliance)).address,
  };
  const authority = (await deploy(s, deployer, TREX.TREXImplementationAuthority, [true, zero, zero])).address;
  await send(s, deployer, {
    address: authority,
    abi: TREX.TREXImplementationAuthority.abi,
    functionName: "addAndUseTREXVersion",
    args: [TREX_VERSION, impl],
  });

  // Registries behind their proxies.
  const irs = (await deploy(s, deployer, TREX.IdentityRegistryStorageProxy, [authority])).address;
  const ctr = (await deploy(s, deployer, TREX.ClaimTopicsRegistryProxy, [authority])).address;
  const tir = (await deploy(s, deployer, TREX.TrustedIssuersRegistryProxy, [authority])).address;
  s.identityRegistry = (
    await deploy(s, deployer, TREX.IdentityRegistryProxy, [authority, tir, ctr, irs])
  ).address;
  await send(s, deployer, {
    address: irs,
    abi: TREX.IdentityRegistryStorage.abi,
    functionName: "bindIdentityRegistry",
    args: [s.identityRegistry],
  });
  await send(s, deployer, {
    address: s.identityRegistry,
    abi: TREX.IdentityRegistry.abi,
    functionName: "addAgent",
    args: [deployer.address],
  });

  // One required claim topic and one trusted ClaimIssuer with a dedicated CLAIM signing key.
  await send(s, deployer, {
    address: ctr,
    abi: TREX.ClaimTopicsRegistry.abi,
    functionName: "addClaimTopic",
    args: [CLAIM_TOPIC],
  });
  s.claimIssuer = (
    await deploy(s, claimIssuerOwner, ONCHAINID.ClaimIssuer, [claimIssuerOwner.address])
  ).address;
  await send(s, claimIssuerOwner, {
    address: s.claimIssuer,
    abi: ONCHAINID.ClaimIssuer.abi,
    functionName: "addKey",
    args: [
      keccak256(encodeAbiParameters([{ type: "address" }], [claimSigner.address])),
      PURPOSE_CLAIM,
      KEY_TYPE_ECDSA,
    ],
  });
  await send(s, deployer, {
    address: tir,
    abi: TREX.TrustedIssuersRegistry.abi,
    functionName: "addTrustedIssuer",
    args: [s.claimIssuer, [CLAIM_TOPIC]],
  });

  // ONCHAINID: a library Identity implementation behind an ImplementationAuthority, used by every IdentityProxy.
  const identityImpl = (await deploy(s, deployer, ONCHAINID.Identity, [deployer.address, true])).address;
  s.identityAuthority = (
    await deploy(s, deployer, ONCHAINID.ImplementationAuthority, [identityImpl])
  ).address;

  // Compliance and token; the token's init binds itself to the compliance.
  s.compliance = (await deploy(s, deployer, TREX.ModularComplianceProxy, [authority])).address;
  s.token = (
    await deploy(s, deployer, TREX.TokenProxy, [
      authority,
      s.identityRegistry,
      s.compliance,
      "T-REX Bench",
      "TREXB",
      TOKEN_DECIMALS,
      zero,
    ])
  ).address;
  await send(s, deployer, tokenCall(s, "addAgent", [deployer.address]));

  // Modules are UUPS contracts behind a ModuleProxy. MaxBalanceModule only binds while supply is 0 (or after a
  // preset), so both are added before any mint; their configuration goes through callModuleFunction.
  await addModule(s, TREX.CountryAllowModule, "addAllowedCountry", [INVESTOR_COUNTRY]);
  await addModule(s, TREX.MaxBalanceModule, "setMaxBalance", [MAX_BALANCE]);
  return s;
}

/** Deploys a compliance module behind a ModuleProxy, adds it to the compliance and configures it. */
async function addModule(
  s: Suite,
  artifact: Artifact,
  configure: string,
  configureArgs: readonly unknown[],
): Promise<void> {
  const implementation = (await deploy(s, s.deployer, artifact)).address;
  const initialize = encodeFunctionData({ abi: artifact.abi, functionName: "initialize", args: [] });
  const module = (await deploy(s, s.deployer, TREX.ModuleProxy, [implementation, initialize])).address;
  const compliance = { address: s.compliance, abi: TREX.ModularCompliance.abi };
  await send(s, s.deployer, { ...compliance, functionName: "addModule", args: [module] });
  const callData = encodeFunctionData({ abi: artifact.abi, functionName: configure, args: configureArgs });
  await send(s, s.deployer, { ...compliance, functionName: "callModuleFunction", args: [callData, module] });
  const bound = await read<boolean>(s, { ...compliance, functionName: "isModuleBound", args: [module] });
  expect(bound, `${artifact.contractName} is not bound to the compliance`);
}

/**
 * Gives one investor an ONCHAINID: the deployer deploys an IdentityProxy whose management key is the
 * investor, the investor adds a claim signed by the ClaimIssuer's CLAIM key over
 * `keccak256(abi.encode(identity, topic, data))` (EIP-191), and the registry agent registers it.
 * Returns the summed gas of those three transactions.
 */
async function registerInvestor(s: Suite, investor: LocalAccount): Promise<bigint> {
  const proxy = await deploy(s, s.deployer, ONCHAINID.IdentityProxy, [s.identityAuthority, investor.address]);
  const identity = proxy.address;
  const digest = keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "uint256" }, { type: "bytes" }],
      [identity, CLAIM_TOPIC, CLAIM_DATA],
    ),
  );
  const signature = await s.claimSigner.signMessage({ message: { raw: digest } });
  const claim = await send(s, investor, {
    address: identity,
    abi: ONCHAINID.Identity.abi,
    functionName: "addClaim",
    args: [CLAIM_TOPIC, CLAIM_SCHEME, s.claimIssuer, signature, CLAIM_DATA, ""],
  });
  const registration = await send(s, s.deployer, {
    address: s.identityRegistry,
    abi: TREX.IdentityRegistry.abi,
    functionName: "registerIdentity",
    args: [investor.address, identity, INVESTOR_COUNTRY],
  });
  expect(await isVerified(s, investor.address), `${investor.address} is not verified after registration`);
  return proxy.receipt.gasUsed + claim.gasUsed + registration.gasUsed;
}

/** Agent mints `amount` to `to`; checks the balance moved and that `to` held exactly `expectHolding` before. */
async function mint(s: Suite, to: Address, amount: bigint, expectHolding: boolean): Promise<bigint> {
  const before = await balanceOf(s, to);
  expect(expectHolding ? before > 0n : before === 0n, `mint: ${to} holds ${before} before`);
  const receipt = await send(s, s.deployer, tokenCall(s, "mint", [to, amount]));
  expect((await balanceOf(s, to)) === before + amount, "mint: balance did not increase by the amount");
  return receipt.gasUsed;
}

/**
 * Moves `amount` from `from` to `to` with `transfer` (sent by `from`) or `forcedTransfer` (sent by the agent);
 * checks both balances and whether `to` held tokens before, and that `from` still holds afterwards.
 */
async function moveTokens(
  s: Suite,
  kind: "transfer" | "forcedTransfer",
  from: LocalAccount,
  to: Address,
  amount: bigint,
  receiverHolds: boolean,
): Promise<bigint> {
  const [fromBefore, toBefore] = [await balanceOf(s, from.address), await balanceOf(s, to)];
  expect(fromBefore > amount, `${kind}: sender holds ${fromBefore}, needs more than ${amount}`);
  expect(receiverHolds ? toBefore > 0n : toBefore === 0n, `${kind}: receiver holds ${toBefore} before`);
  expect(await isVerified(s, to), `${kind}: receiver is not verified`);
  const receipt =
    kind === "transfer"
      ? await send(s, from, tokenCall(s, "transfer", [to, amount]))
      : await send(s, s.deployer, tokenCall(s, "forcedTransfer", [from.address, to, amount]));
  expect((await balanceOf(s, from.address)) === fromBefore - amount, `${kind}: sender balance is off`);
  expect((await balanceOf(s, to)) === toBefore + amount, `${kind}: receiver balance is off`);
  return receipt.gasUsed;
}

/** Registers `BATCH_SIZE` fresh (funded, deterministic) investors and batch-mints to all of them. */
async function batchMintPerInvestor(s: Suite, amount: bigint): Promise<bigint> {
  const testClient = createTestClient({ chain: foundry, mode: "anvil", transport: http(s.rpcUrl) });
  const investors = Array.from({ length: BATCH_SIZE }, (_, i) =>
    privateKeyToAccount(keccak256(toHex(`coinscious trex bench investor ${i}`))),
  );
  for (const investor of investors) {
    await testClient.setBalance({ address: investor.address, value: parseEther("1") });
    await registerInvestor(s, investor);
    expect((await balanceOf(s, investor.address)) === 0n, "batchMint: investor is not fresh");
  }
  const wallets = investors.map((a) => a.address);
  const receipt = await send(s, s.deployer, tokenCall(s, "batchMint", [wallets, wallets.map(() => amount)]));
  for (const wallet of wallets) {
    expect((await balanceOf(s, wallet)) === amount, `batchMint: ${wallet} did not receive ${amount}`);
  }
  return receipt.gasUsed / BigInt(BATCH_SIZE);
}

/** Agent freezes `wallet`; checks it was not frozen before and is afterwards. */
async function freeze(s: Suite, wallet: Address): Promise<bigint> {
  expect(!(await read<boolean>(s, tokenCall(s, "isFrozen", [wallet]))), "freeze: wallet already frozen");
  const receipt = await send(s, s.deployer, tokenCall(s, "setAddressFrozen", [wallet, true]));
  expect(await read<boolean>(s, tokenCall(s, "isFrozen", [wallet])), "freeze: wallet is not frozen");
  return receipt.gasUsed;
}

/**
 * Deploys a fresh T-REX suite on the anvil node at `rpcUrl` (chain id 31337, anvil's dev accounts funded)
 * and measures the gas of each {@link TrexGas} scenario. Every measured transaction is required to succeed.
 */
export async function measureTrexGas(rpcUrl: string): Promise<TrexGas> {
  const s = await deploySuite(rpcUrl);
  const alice = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 3 });
  const bob = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 4 });
  const charlie = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 5 });

  const register_investor = await registerInvestor(s, alice);
  await registerInvestor(s, bob);
  await registerInvestor(s, charlie);

  const first_mint = await mint(s, alice.address, 1000n, false);
  await mint(s, bob.address, 500n, false);
  const mint_existing = await mint(s, alice.address, 1000n, true);

  await send(s, s.deployer, tokenCall(s, "unpause", []));
  expect(!(await read<boolean>(s, tokenCall(s, "paused", []))), "token is still paused");

  const transfer = await moveTokens(s, "transfer", alice, bob.address, 100n, true);
  const new_holder_transfer = await moveTokens(s, "transfer", alice, charlie.address, 100n, false);
  const forced_transfer = await moveTokens(s, "forcedTransfer", bob, alice.address, 100n, true);
  const batch_mint_per_investor = await batchMintPerInvestor(s, 100n);
  const frozen = await freeze(s, bob.address);

  return {
    transfer,
    new_holder_transfer,
    first_mint,
    mint_existing,
    forced_transfer,
    batch_mint_per_investor,
    freeze: frozen,
    register_investor,
  };
}
