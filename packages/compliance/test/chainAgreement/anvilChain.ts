/**
 * The chain side of the agreement test: a fresh anvil with the registry and one token class (every rule off),
 * deployed once; each scenario reverts to that snapshot, writes its state with the chain layer's actions (batched,
 * all in one block at the scenario's time, sent from one unlocked dev key holding every role — the Safe flow is
 * not under test), and reads `canTransfer` for each transfer in one JSON-RPC batch.
 *
 * Time is frozen per scenario (`anvil_setBlockTimestampInterval(0)`), so the `eth_call`s see the block time the
 * state was written at, and the on-chain non-accredited marks are current.
 */
import {
  batchFreezePartialTokens,
  batchLinkWallets,
  batchMint,
  batchRegisterInvestors,
  batchSetAddressFrozen,
  batchUpdateInvestors,
  grantRole,
  pause,
  setAccreditationRequired,
  setCountries,
  setCountryRule,
  setHolderCaps,
  setMaxBalancePerInvestor,
  setRegS,
  setTransferLockup,
} from "@coinscious/chain";
import { securityTokenAbi } from "@coinscious/contracts";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { deployContracts, RULES_OFF } from "@coinscious/contracts/deploy";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  decodeFunctionResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import { foundry } from "viem/chains";
import { FAR_FUTURE, type Resolved } from "./resolve.ts";

/** Genesis time of the test chain (2025-01-01T00:00:00Z): before every scenario's date. */
const GENESIS = 1_735_689_600;
const GAS = 8_000_000n;

type Action = { kind: string; target: Address; data: Hex };

export type AgreementChain = {
  /** Writes `r`'s state (after reverting to the clean deployment). */
  apply(r: Resolved): Promise<void>;
  /** `canTransfer` of every case of `r`, and `holderCounts()`. */
  read(r: Resolved): Promise<{ codes: number[]; holders: number; nonAccredited: number }>;
  /** Balances as the token sees them (sanity check of the writes). */
  balances(r: Resolved): Promise<bigint[]>;
  stop(): Promise<void>;
};

export async function startAgreementChain(): Promise<AgreementChain> {
  const anvil: TestAnvil = await startAnvil({
    args: ["--timestamp", String(GENESIS), "--gas-limit", "1000000000", "--order", "fifo"],
    timeoutMs: 30_000,
  });
  try {
    return await setUp(anvil);
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

async function setUp(anvil: TestAnvil): Promise<AgreementChain> {
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
  const transport = http(anvil.rpcUrl, {
    batch: { batchSize: 200, wait: 0 },
    retryCount: 0,
    timeout: 60_000,
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 5 }) as PublicClient;
  const testClient = createTestClient({ chain, transport, mode: "anvil" });
  const [adminRaw] = await createWalletClient({ chain, transport }).getAddresses();
  const admin = getAddress(adminRaw as Address);
  const walletClient = createWalletClient({ chain, transport, account: admin });

  const deployment = await deployContracts({
    walletClient,
    publicClient,
    admin,
    upgrader: admin,
    registryOracle: admin,
    anchorer: admin,
    tokenClass: {
      name: "Agreement",
      symbol: "AGREE",
      decimals: 0,
      ...RULES_OFF,
    },
  });
  const { registry, token } = deployment;
  for (const role of ["AGENT_ROLE", "FREEZER_ROLE", "GUARDIAN_ROLE"] as const) {
    const a = grantRole({ contract: token, role, account: admin });
    const hash = await walletClient.sendTransaction({ to: a.target, data: a.data, chain });
    const rc = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 5 });
    if (rc.status !== "success") throw new Error(`grantRole ${role} reverted`);
  }
  await testClient.setAutomine(false);
  let snapshot = await testClient.snapshot();

  const rpc = (method: string, params: unknown[] = []) =>
    publicClient.request({ method, params } as never) as Promise<unknown>;

  function actionsOf(r: Resolved): Action[] {
    const out: Action[] = [];
    const linked = r.wallets.filter((w) => w.investorId !== null);
    const first = new Map<number, Address>();
    const extra: typeof linked = [];
    for (const w of linked) {
      const id = w.investorId as number;
      if (first.has(id)) extra.push(w);
      else first.set(id, w.address);
    }
    const ids = r.records.map((_, i) => i + 1);
    // Register with the final attributes except a current KYC, no freeze and a known country (the token refuses
    // to credit an unknown one, whatever the rule), so that the mints go through; the final records (KYC, freeze,
    // lock-up, country) are written after the mints.
    out.push(
      batchRegisterInvestors({
        registry,
        investorIds: ids,
        wallets: ids.map((id) => first.get(id) as Address),
        records: r.records.map((rec) => ({
          ...rec,
          country: rec.country === 0 ? 276 : rec.country,
          kycExpiry: FAR_FUTURE,
          lockupUntil: 0,
          frozen: false,
        })),
      }),
    );
    if (extra.length > 0)
      out.push(
        batchLinkWallets({
          registry,
          wallets: extra.map((w) => w.address),
          investorIds: extra.map((w) => w.investorId as number),
        }),
      );
    const funded = r.wallets.filter((w) => w.balance > 0n);
    if (funded.length > 0)
      out.push(
        batchMint({ token, toList: funded.map((w) => w.address), amounts: funded.map((w) => w.balance) }),
      );
    const partial = r.wallets.filter((w) => w.frozenAmount > 0n);
    if (partial.length > 0)
      out.push(
        batchFreezePartialTokens({
          token,
          wallets: partial.map((w) => w.address),
          amounts: partial.map((w) => w.frozenAmount),
        }),
      );
    const frozen = r.wallets.filter((w) => w.frozen);
    if (frozen.length > 0)
      out.push(
        batchSetAddressFrozen({
          token,
          wallets: frozen.map((w) => w.address),
          frozen: frozen.map(() => true),
        }),
      );
    out.push(batchUpdateInvestors({ registry, investorIds: ids, records: r.records }));
    const c = r.cls;
    if (c.countryRule !== 0) {
      out.push(setCountries({ token, countries: c.countries, listed: true }));
      out.push(setCountryRule({ token, rule: c.countryRule }));
    }
    if (c.regS) out.push(setRegS({ token, enabled: true, distributionEnd: c.regSDistributionEnd }));
    if (c.transfersLockedUntil !== 0)
      out.push(setTransferLockup({ token, lockedUntil: c.transfersLockedUntil }));
    if (c.maxBalancePerInvestor !== 0n)
      out.push(setMaxBalancePerInvestor({ token, maxBalance: c.maxBalancePerInvestor }));
    if (c.maxHolders !== 0 || c.maxNonAccreditedHolders !== 0)
      out.push(
        setHolderCaps({
          token,
          maxHolders: c.maxHolders,
          maxNonAccreditedHolders: c.maxNonAccreditedHolders,
        }),
      );
    if (c.requireAccreditation) out.push(setAccreditationRequired({ token, required: true }));
    if (c.paused) out.push(pause({ token }));
    return out;
  }

  async function apply(r: Resolved): Promise<void> {
    await testClient.revert({ id: snapshot });
    snapshot = await testClient.snapshot();
    const actions = actionsOf(r);
    const hashes: Hex[] = [];
    for (const a of actions)
      hashes.push(
        (await rpc("eth_sendTransaction", [
          { from: admin, to: a.target, data: a.data, gas: `0x${GAS.toString(16)}` },
        ])) as Hex,
      );
    await testClient.setNextBlockTimestamp({ timestamp: BigInt(r.t) });
    await testClient.setBlockTimestampInterval({ interval: 0 });
    await testClient.mine({ blocks: 1 });
    const receipts = (await Promise.all(hashes.map((h) => rpc("eth_getTransactionReceipt", [h])))) as ({
      status: Hex;
    } | null)[];
    receipts.forEach((rc, i) => {
      if (rc === null || rc.status !== "0x1")
        throw new Error(
          `scenario setup: ${actions[i]?.kind} ${rc === null ? "was not mined" : "reverted"} (state: ${JSON.stringify(
            r.cls,
            (_, v) => (typeof v === "bigint" ? v.toString() : v),
          )})`,
        );
    });
  }

  const call = async <T>(functionName: string, args: readonly unknown[]): Promise<T> => {
    const data = encodeFunctionData({ abi: securityTokenAbi, functionName, args } as never);
    const out = (await rpc("eth_call", [{ to: token, data }, "latest"])) as Hex;
    return decodeFunctionResult({ abi: securityTokenAbi, functionName, data: out } as never) as T;
  };

  async function read(r: Resolved) {
    const [counts, ...codes] = await Promise.all([
      call<readonly bigint[]>("holderCounts", []),
      ...r.cases.map((c) =>
        call<number>("canTransfer", [
          (r.wallets[c.from] as { address: Address }).address,
          (r.wallets[c.to] as { address: Address }).address,
          c.value,
        ]),
      ),
    ]);
    return {
      codes: codes as number[],
      holders: Number((counts as readonly bigint[])[0]),
      nonAccredited: Number((counts as readonly bigint[])[1]),
    };
  }

  async function balances(r: Resolved) {
    return Promise.all(r.wallets.map((w) => call<bigint>("balanceOf", [w.address])));
  }

  return { apply, read, balances, stop: () => anvil.stop() };
}
