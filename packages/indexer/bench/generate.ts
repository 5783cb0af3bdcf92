/**
 * Data generator for `npm run bench:indexer`: an anvil devnet with the Coinscious platform deployed
 * (`deployPlatform`, which writes the manifest the "ours" side reads), N registered investors, an issuance,
 * and ≥ 50,000 ERC-20 Transfer events made fast: automine off, hundreds of unsigned `eth_sendTransaction`s
 * per block from impersonated investor wallets (one JSON-RPC batch), then `evm_mine`; every block's receipts
 * are checked (all succeeded, exactly the intended Transfer logs).
 *
 * Standalone: `npx tsx packages/indexer/bench/generate.ts [--transfers 50000] [--investors 1000]` generates,
 * prints a summary and stops anvil.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  ANVIL_DEV_ADDRESSES,
  batchMint,
  batchRegisterInvestors,
  createChainClients,
  type Devnet,
  deployPlatform,
  resolveSigner,
  startDevnet,
} from "@coinscious/chain";
import { getAddress, keccak256, toHex } from "viem";
import { installSignalHandlers, onCleanup, runCleanups } from "./procs.ts";
import { hex, Rpc } from "./rpc.ts";

type Address = `0x${string}`;

/** keccak256("Transfer(address,address,uint256)") */
export const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const TRANSFER_SELECTOR = "a9059cbb";
/** batchTransfer(address[],uint256[]) */
const BATCH_TRANSFER_SELECTOR = "88d695b2";
/** ISO 3166-1 numeric: US, DE, FR, GB, JP, CH, SG, CA — the class's allow-list. */
const COUNTRIES = [840, 276, 250, 826, 392, 756, 702, 124];
const DAY = 86_400;
/** Gas limit given to each transfer (it uses ~55k). Blocks are filled up to half the block gas limit. */
const TRANSFER_GAS = 65_000n;
/**
 * Gas limit given to a `batchTransfer` of n legs: BATCH_TX_GAS + n × BATCH_LEG_GAS. Measured (eth_estimateGas,
 * distinct recipients): 56.7k for 1 leg, then ~17k per leg (20.9k/leg at 10 legs, 17.3k at 100); the limit is
 * generous, and the block gas limit of the realtime throughput part is set so blocks stay under half of it.
 */
export const BATCH_TX_GAS = 60_000n;
export const BATCH_LEG_GAS = 25_000n;
const MAX_FEE = 10_000_000_000n; // 10 gwei; blocks stay at or under the EIP-1559 target, so the base fee never rises
const INITIAL_BALANCE = 100_000n;
const MAX_BALANCE = 1_000_000n;

export type GenerateOptions = {
  /** Transfer transactions to make (the Transfer events also include one mint per investor). */
  transfers: number;
  investors?: number;
  /** Transfers per block while loading (default: as many as fit under half the block gas limit). */
  blockTxs?: number;
  /** Folder for anvil's state and the manifest; default: a fresh temporary folder, removed by `stop`. */
  workDir?: string;
  seed?: number;
  log?: (line: string) => void;
};

export type Transfer = { from: Address; to: Address; amount: bigint };

/**
 * One transaction of the token: a plain `transfer` (one leg) or a `batchTransfer(to[], amounts[])` from
 * `from` (one Transfer event per leg).
 */
export type TokenTx = { from: Address; legs: { to: Address; amount: bigint }[]; batch: boolean };

export type MinedBlock = {
  block: bigint;
  minedAt: number;
  /** Transfer events (legs) in the block. */
  transfers: number;
  /** When the realtime schedule wanted it mined (epoch ms). */
  scheduledAt?: number;
};

/** Everything `Traffic.restore` needs to bring the generator back to a chain snapshot. */
export type TrafficSnapshot = {
  /** anvil's `evm_snapshot` id (consumed by `evm_revert`). */
  id: string;
  rngState: number;
  balances: Map<Address, bigint>;
  nonces: Map<Address, number>;
  eventsByBlock: Map<bigint, number>;
};

/**
 * Makes transfers that every rule of the token accepts: the investors are KYC'd, accredited, in allowed
 * countries, without lock-ups, and hold far from the per-investor maximum; a sender only spends what it held
 * at the start of the block (so the order of transactions inside a block does not matter) and never reaches
 * zero (so holder counts never change).
 */
export class Traffic {
  private readonly balances = new Map<Address, bigint>();
  private readonly nonces = new Map<Address, number>();
  private readonly eventsByBlock = new Map<bigint, number>();
  private rngState: number;

  constructor(
    readonly rpc: Rpc,
    readonly token: Address,
    readonly wallets: readonly Address[],
    seed: number,
  ) {
    this.rngState = seed >>> 0;
  }

  /** mulberry32: deterministic across runs. */
  private rand(n: number): number {
    this.rngState = (this.rngState + 0x6d2b79f5) >>> 0;
    let t = this.rngState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  }

  /** Reads every wallet's nonce and balance from the chain. */
  async sync(): Promise<void> {
    const nonces = await this.rpc.batchChunked<string>(
      this.wallets.map((w) => ({ method: "eth_getTransactionCount", params: [w, "latest"] })),
    );
    const balances = await this.rpc.batchChunked<string>(
      this.wallets.map((w) => ({
        method: "eth_call",
        params: [{ to: this.token, data: `0x70a08231${w.slice(2).padStart(64, "0")}` }, "latest"],
      })),
    );
    this.wallets.forEach((w, i) => {
      this.nonces.set(w, Number(nonces[i]));
      this.balances.set(w, BigInt(balances[i] ?? "0x0"));
    });
  }

  /** Records Transfer events of a block mined outside `mineTransfers` (the issuance). */
  recordEvents(block: bigint, events: number): void {
    this.eventsByBlock.set(block, (this.eventsByBlock.get(block) ?? 0) + events);
  }

  /** Transfer events of this token in blocks ≤ `block`, as verified from receipts. */
  eventsUpTo(block: bigint): number {
    let n = 0;
    for (const [b, e] of this.eventsByBlock) if (b <= block) n += e;
    return n;
  }

  eventsBetween(fromBlock: bigint, toBlock: bigint): number {
    let n = 0;
    for (const [b, e] of this.eventsByBlock) if (b >= fromBlock && b <= toBlock) n += e;
    return n;
  }

  /** `count` random transfers valid against the balances at the start of the next block. */
  plan(count: number): Transfer[] {
    const out: Transfer[] = [];
    const spent = new Map<Address, bigint>();
    const received = new Map<Address, bigint>();
    const n = this.wallets.length;
    for (let attempts = 0; out.length < count; attempts++) {
      if (attempts > count * 20)
        throw new Error("generator: cannot find valid transfers (too few investors?)");
      const from = this.wallets[this.rand(n)] as Address;
      const to = this.wallets[this.rand(n)] as Address;
      if (from === to) continue;
      const amount = BigInt(1 + this.rand(100));
      const available = (this.balances.get(from) ?? 0n) - (spent.get(from) ?? 0n);
      // Keep every holder a holder (balance > 0) and every recipient far under the per-investor cap.
      if (available - amount < 1n) continue;
      if ((this.balances.get(to) ?? 0n) + (received.get(to) ?? 0n) + amount > MAX_BALANCE / 2n) continue;
      spent.set(from, (spent.get(from) ?? 0n) + amount);
      received.set(to, (received.get(to) ?? 0n) + amount);
      out.push({ from, to, amount });
    }
    return out;
  }

  /** Undoes `transfers` (valid in the block after them: each recipient received at least what it sends back). */
  static reverse(transfers: readonly Transfer[]): Transfer[] {
    return transfers.map((t) => ({ from: t.to, to: t.from, amount: t.amount }));
  }

  /** Plain transfers as transactions (one leg each). */
  static plain(transfers: readonly Transfer[]): TokenTx[] {
    return transfers.map((t) => ({ from: t.from, legs: [{ to: t.to, amount: t.amount }], batch: false }));
  }

  /** The transactions that undo plain (one-leg) transactions, as `reverse`. */
  static reversePlain(txs: readonly TokenTx[]): TokenTx[] {
    return txs.map((t) => {
      const leg = t.legs[0] as { to: Address; amount: bigint };
      return { from: leg.to, legs: [{ to: t.from, amount: leg.amount }], batch: false };
    });
  }

  /** `n` distinct wallets, uniformly at random (partial Fisher–Yates on the deterministic generator). */
  private pick(n: number): Address[] {
    const pool = [...this.wallets];
    if (n > pool.length) throw new Error(`generator: ${n} distinct wallets wanted, there are ${pool.length}`);
    for (let i = 0; i < n; i++) {
      const j = i + this.rand(pool.length - i);
      [pool[i], pool[j]] = [pool[j] as Address, pool[i] as Address];
    }
    return pool.slice(0, n);
  }

  /**
   * A block of `txs` `batchTransfer`s of `legs` transfers each, built so that the block after it can undo it
   * with exactly the same shape: `txs` senders A and `txs` other wallets B (2 × txs distinct wallets); A[i]
   * sends its k-th leg (random amount) to B[(i + k) mod txs], so every B receives exactly `legs` legs and
   * `reverseCircuit` is `txs` batchTransfers of `legs` legs from B back to A. (When legs > txs, a recipient
   * appears more than once in a transaction.) Valid against the balances at the start of the block.
   */
  planCircuit(txs: number, legs: number): TokenTx[] {
    if (txs < 1 || legs < 1) throw new Error("generator: a circuit needs ≥ 1 transaction of ≥ 1 leg");
    for (let attempt = 0; attempt < 100; attempt++) {
      const picked = this.pick(2 * txs);
      const senders = picked.slice(0, txs);
      const receivers = picked.slice(txs);
      const received = new Map<Address, bigint>();
      const out: TokenTx[] = [];
      let valid = true;
      for (let i = 0; i < txs && valid; i++) {
        const from = senders[i] as Address;
        const tx: TokenTx = { from, legs: [], batch: true };
        let spent = 0n;
        for (let k = 0; k < legs; k++) {
          const to = receivers[(i + k) % txs] as Address;
          const amount = BigInt(1 + this.rand(100));
          spent += amount;
          received.set(to, (received.get(to) ?? 0n) + amount);
          tx.legs.push({ to, amount });
        }
        // Senders stay holders; recipients stay far under the per-investor cap.
        if ((this.balances.get(from) ?? 0n) - spent < 1n) valid = false;
        out.push(tx);
      }
      for (const [to, amount] of received)
        if ((this.balances.get(to) ?? 0n) + amount > MAX_BALANCE / 2n) valid = false;
      if (valid) return out;
    }
    throw new Error("generator: cannot find a valid circuit of batch transfers (too few investors?)");
  }

  /** The block that undoes a `planCircuit` block, with the same shape (see there). */
  static reverseCircuit(forward: readonly TokenTx[]): TokenTx[] {
    const n = forward.length;
    const legs = forward[0]?.legs.length ?? 0;
    return forward.map((_, j) => {
      const from = forward[j % n]?.legs[0]?.to as Address; // B[j] (A[j]'s leg 0 goes to B[j])
      const tx: TokenTx = { from, legs: [], batch: true };
      for (let k = 0; k < legs; k++) {
        const i = (((j - k) % n) + n) % n; // A[i]'s k-th leg went to B[(i + k) mod n] = B[j]
        const src = forward[i] as TokenTx;
        tx.legs.push({ to: src.from, amount: (src.legs[k] as { amount: bigint }).amount });
      }
      return tx;
    });
  }

  /** Gas limit this generator gives a transaction. */
  static gasOf(tx: TokenTx): bigint {
    return tx.batch ? BATCH_TX_GAS + BigInt(tx.legs.length) * BATCH_LEG_GAS : TRANSFER_GAS;
  }

  /** Puts plain transfers into anvil's pool (see `submitTxs`). */
  async submit(transfers: readonly Transfer[]): Promise<void> {
    await this.submitTxs(Traffic.plain(transfers));
  }

  /** Puts the transactions into anvil's pool (one batch of unsigned, impersonated `eth_sendTransaction`s). */
  async submitTxs(txs: readonly TokenTx[]): Promise<void> {
    const word = (n: bigint | number) => n.toString(16).padStart(64, "0");
    const requests = txs.map((t) => {
      const nonce = this.nonces.get(t.from) ?? 0;
      this.nonces.set(t.from, nonce + 1);
      let data: string;
      if (!t.batch) {
        const leg = t.legs[0] as { to: Address; amount: bigint };
        data = `0x${TRANSFER_SELECTOR}${word(BigInt(leg.to))}${word(leg.amount)}`;
      } else {
        // abi.encode(address[], uint256[]): two offsets, then each array as length + words.
        const n = t.legs.length;
        data =
          `0x${BATCH_TRANSFER_SELECTOR}${word(64)}${word(64 + 32 * (n + 1))}` +
          `${word(n)}${t.legs.map((l) => word(BigInt(l.to))).join("")}` +
          `${word(n)}${t.legs.map((l) => word(l.amount)).join("")}`;
      }
      return {
        method: "eth_sendTransaction",
        params: [
          {
            from: t.from,
            to: this.token,
            data,
            gas: hex(Traffic.gasOf(t)),
            maxFeePerGas: hex(MAX_FEE),
            maxPriorityFeePerGas: "0x0",
            nonce: hex(nonce),
          },
        ],
      };
    });
    await this.rpc.batchChunked(requests, 1_000);
  }

  /**
   * Mines one block with what `submit` put in the pool and returns when `evm_mine` returned. Call `verify`
   * afterwards (kept separate so realtime timing is not delayed by the receipt check).
   */
  async mine(): Promise<{ block: bigint; minedAt: number }> {
    await this.rpc.call("evm_mine");
    const minedAt = Date.now();
    return { block: await this.rpc.blockNumber(), minedAt };
  }

  /** `verifyTxs` for plain transfers. */
  async verify(block: bigint, transfers: readonly Transfer[]): Promise<void> {
    await this.verifyTxs(block, Traffic.plain(transfers));
  }

  /**
   * Checks that `block` holds exactly these transactions and that each leg emitted its Transfer log (a
   * reverted transaction emits none, so "transactions == sent, logs == legs" means all succeeded), and — when
   * `maxGasFraction` is given — that the block used at most that fraction of its gas limit; then applies them.
   * (`eth_getLogs` + the transaction count: ~20× cheaper on anvil than `eth_getBlockReceipts`.)
   */
  async verifyTxs(
    block: bigint,
    txs: readonly TokenTx[],
    maxGasFraction?: number,
  ): Promise<{ gasUsed: bigint; gasLimit: bigint }> {
    const legs = txs.reduce((s, t) => s + t.legs.length, 0);
    const [txCount, logs, header] = await this.rpc.batch<unknown>([
      { method: "eth_getBlockTransactionCountByNumber", params: [hex(block)] },
      {
        method: "eth_getLogs",
        params: [
          { fromBlock: hex(block), toBlock: hex(block), address: this.token, topics: [TRANSFER_TOPIC] },
        ],
      },
      { method: "eth_getBlockByNumber", params: [hex(block), false] },
    ]);
    const count = Number(txCount as string);
    const transferLogs = (logs as unknown[]).length;
    if (count !== txs.length)
      throw new Error(
        `generator: block ${block} holds ${count} transactions, ${txs.length} were sent (block gas limit?)`,
      );
    if (transferLogs !== legs)
      throw new Error(
        `generator: block ${block} has ${transferLogs} Transfer logs for ${legs} transfers (reverted?)`,
      );
    const gasUsed = BigInt((header as { gasUsed: string }).gasUsed);
    const gasLimit = BigInt((header as { gasLimit: string }).gasLimit);
    if (maxGasFraction !== undefined && Number(gasUsed) > Number(gasLimit) * maxGasFraction)
      throw new Error(
        `generator: block ${block} used ${gasUsed} gas of ${gasLimit} (> ${maxGasFraction} of the limit)`,
      );
    for (const t of txs)
      for (const l of t.legs) {
        this.balances.set(t.from, (this.balances.get(t.from) ?? 0n) - l.amount);
        this.balances.set(l.to, (this.balances.get(l.to) ?? 0n) + l.amount);
      }
    this.recordEvents(block, transferLogs);
    return { gasUsed, gasLimit };
  }

  /** submit + mine + verify. */
  async mineTransfers(transfers: readonly Transfer[]): Promise<MinedBlock> {
    await this.submit(transfers);
    const { block, minedAt } = await this.mine();
    await this.verify(block, transfers);
    return { block, minedAt, transfers: transfers.length };
  }

  /** After a failed run: drops whatever is still in the pool and re-reads nonces and balances. */
  async reset(): Promise<void> {
    await this.rpc.call("anvil_dropAllTransactions");
    await this.sync();
  }

  /** The chain (anvil `evm_snapshot`) and this generator's state, for `restore`. The pool must be empty. */
  async snapshot(): Promise<TrafficSnapshot> {
    const id = await this.rpc.call<string>("evm_snapshot");
    return {
      id,
      rngState: this.rngState,
      balances: new Map(this.balances),
      nonces: new Map(this.nonces),
      eventsByBlock: new Map(this.eventsByBlock),
    };
  }

  /**
   * Reverts the chain to `s` (`evm_revert`, which consumes the anvil snapshot) and this generator with it: the
   * same random stream, so the next run gets the very same transactions. Returns a fresh snapshot of that state.
   */
  async restore(s: TrafficSnapshot): Promise<TrafficSnapshot> {
    await this.rpc.call("anvil_dropAllTransactions");
    const ok = await this.rpc.call<boolean>("evm_revert", [s.id]);
    if (!ok) throw new Error(`generator: evm_revert ${s.id} failed`);
    this.rngState = s.rngState;
    this.balances.clear();
    for (const [k, v] of s.balances) this.balances.set(k, v);
    this.nonces.clear();
    for (const [k, v] of s.nonces) this.nonces.set(k, v);
    this.eventsByBlock.clear();
    for (const [k, v] of s.eventsByBlock) this.eventsByBlock.set(k, v);
    return this.snapshot();
  }

  /** Mines `count` empty blocks (the finality padding) in one call; the pool must be empty. */
  async mineEmpty(count: number): Promise<bigint> {
    const status = await this.rpc.call<{ pending: string }>("txpool_status");
    if (BigInt(status.pending) !== 0n)
      throw new Error(`generator: ${BigInt(status.pending)} transactions pending`);
    await this.rpc.call("anvil_mine", [hex(count)]);
    return this.rpc.blockNumber();
  }
}

export type GeneratedChain = {
  rpc: Rpc;
  rpcUrl: string;
  devnet: Devnet;
  workDir: string;
  manifestPath: string;
  token: Address;
  registry: Address;
  safe: Address;
  /** The block that created the token (Ponder's start block). */
  tokenBlock: bigint;
  /** The manifest's `startBlock` (first block of the deployment). */
  manifestStartBlock: bigint;
  wallets: Address[];
  traffic: Traffic;
  /** Transfer events generated (issuance + transfers). */
  events: number;
  headAfterLoad: bigint;
  timings: { anvilMs: number; deployMs: number; setupMs: number; transfersMs: number; totalMs: number };
  blockTxs: number;
  stop: () => Promise<void>;
};

function investorWallet(id: number): Address {
  return getAddress(`0x${keccak256(toHex(`coinscious-bench-investor-${id}`)).slice(26)}`);
}

const devAddress = (i: number) => ANVIL_DEV_ADDRESSES[i] as Address;

function benchDeployConfig(investors: number): Record<string, unknown> {
  return {
    salt: "coinscious-bench-indexer",
    safe: { owners: [1, 2, 3].map(devAddress), threshold: 2 },
    guardian: devAddress(4),
    registryOracle: devAddress(5),
    anchorer: devAddress(6),
    timelock: { minDelay: 60, executor: "anyone" },
    tokenClass: {
      name: "Bench Series A",
      symbol: "BENCH-A",
      decimals: 0,
      requireAccreditation: true,
      regS: false,
      regSDistributionEnd: 0,
      transfersLockedUntil: 0,
      maxBalancePerInvestor: MAX_BALANCE.toString(),
      maxHolders: Math.max(1_999, investors + 1),
      maxNonAccreditedHolders: 499,
      countryRule: 1,
      countries: COUNTRIES,
    },
  };
}

/** Sends setup transactions (already-unlocked or impersonated senders) one block each; all must succeed. */
async function mineSetupTx(
  rpc: Rpc,
  tx: { from: Address; to: Address; data: `0x${string}` },
): Promise<{ block: bigint; logs: { address: string; topics: string[] }[] }> {
  const gas = BigInt(await rpc.call<string>("eth_estimateGas", [tx]));
  await rpc.call("eth_sendTransaction", [{ ...tx, gas: hex((gas * 12n) / 10n), maxFeePerGas: hex(MAX_FEE) }]);
  await rpc.call("evm_mine");
  const block = await rpc.blockNumber();
  const receipts = await rpc.call<{ status: string; logs: { address: string; topics: string[] }[] }[]>(
    "eth_getBlockReceipts",
    [hex(block)],
  );
  if (receipts.length !== 1 || receipts[0]?.status !== "0x1")
    throw new Error(`generator: setup transaction to ${tx.to} failed in block ${block}`);
  return { block, logs: receipts[0].logs };
}

/** Starts anvil, deploys, registers and funds investors, issues, and loads `transfers` transfers. */
export async function generate(options: GenerateOptions): Promise<GeneratedChain> {
  const log = options.log ?? (() => {});
  const investors = options.investors ?? 1_000;
  const t0 = performance.now();
  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "coinscious-bench-"));

  // A fresh devnet on a free loopback port, with the devnet's watchdog (anvil never outlives us). State dumps
  // are pushed out of the way: the chain is thrown away at the end.
  const devnet = await startDevnet({
    stateDir: join(workDir, "devnet"),
    handleSignals: false,
    stateIntervalSeconds: 86_400,
    stopTimeoutMs: 3_000,
  });
  const unregister = onCleanup(async () => {
    await devnet.stop();
  });
  const stop = async () => {
    unregister();
    await devnet.stop();
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  };
  const tAnvil = performance.now();
  try {
    const rpc = new Rpc(devnet.rpcUrl);
    log(`anvil pid ${devnet.pid} at ${devnet.rpcUrl} (${Math.round(tAnvil - t0)} ms)`);

    // 1. The platform, exactly as `coinscious dev` deploys it; the manifest goes to <workDir>/deployments/31337.json.
    const deployer = await resolveSigner({ network: "devnet", devAccountIndex: 0 });
    const { publicClient, walletClient } = createChainClients({
      network: "devnet",
      rpcUrl: devnet.rpcUrl,
      account: deployer,
    });
    const { manifest, manifestPath } = await deployPlatform({
      publicClient,
      walletClient,
      network: "devnet",
      config: benchDeployConfig(investors),
      manifestDir: workDir,
    });
    const token = manifest.contracts.token?.address;
    const registry = manifest.contracts.registry?.address;
    const safe = manifest.safe?.address;
    const tokenBlock = manifest.contracts.token?.blockNumber;
    if (!token || !registry || !safe || tokenBlock == null || manifest.startBlock == null)
      throw new Error("generator: the deployment is incomplete");
    const tDeploy = performance.now();
    log(
      `deployed: token ${token} (block ${tokenBlock}), manifest ${manifestPath} (${Math.round(tDeploy - tAnvil)} ms)`,
    );

    // 2. From here on blocks are mined explicitly; every sender is impersonated (no signing).
    await rpc.batch([
      { method: "evm_setAutomine", params: [false] },
      { method: "anvil_autoImpersonateAccount", params: [true] },
    ]);
    const wallets = Array.from({ length: investors }, (_, i) => investorWallet(i + 1));
    await rpc.batchChunked(
      [safe, ...wallets].map((w) => ({ method: "anvil_setBalance", params: [w, hex(10n ** 19n)] })),
    );
    const now = Number(
      BigInt((await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false])).timestamp),
    );
    const oracle = devAddress(5);
    for (let i = 0; i < investors; i += 50) {
      const ids = Array.from({ length: Math.min(50, investors - i) }, (_, k) => i + k + 1);
      const action = batchRegisterInvestors({
        registry,
        investorIds: ids,
        wallets: ids.map((id) => wallets[id - 1] as Address),
        records: ids.map((id) => {
          const country = COUNTRIES[id % COUNTRIES.length] as number;
          return {
            country,
            kycExpiry: now + 730 * DAY,
            accreditationExpiry: now + 730 * DAY,
            lockupUntil: 0,
            usPerson: country === 840,
            frozen: false,
          };
        }),
      });
      await mineSetupTx(rpc, { from: oracle, to: action.target, data: action.data });
    }
    const traffic = new Traffic(rpc, token, wallets, options.seed ?? 42);
    // The issuance: the Safe (the token's agent) impersonated, 100 wallets per batchMint.
    for (let i = 0; i < investors; i += 100) {
      const toList = wallets.slice(i, i + 100);
      const action = batchMint({ token, toList, amounts: toList.map(() => INITIAL_BALANCE) });
      const { block, logs } = await mineSetupTx(rpc, { from: safe, to: action.target, data: action.data });
      const transfers = logs.filter(
        (l) => l.address.toLowerCase() === token.toLowerCase() && l.topics[0] === TRANSFER_TOPIC,
      );
      if (transfers.length !== toList.length)
        throw new Error(`generator: mint in block ${block} made ${transfers.length} Transfers`);
      traffic.recordEvents(block, transfers.length);
    }
    await traffic.sync();
    const tSetup = performance.now();
    log(`registered and issued to ${investors} investors (${Math.round(tSetup - tDeploy)} ms)`);

    // 3. The load: blocks filled to half the block gas limit (the EIP-1559 target, so fees stay flat).
    const latest = await rpc.call<{ gasLimit: string }>("eth_getBlockByNumber", ["latest", false]);
    const blockTxs = options.blockTxs ?? Number(BigInt(latest.gasLimit) / 2n / TRANSFER_GAS);
    if (BigInt(blockTxs) * TRANSFER_GAS > BigInt(latest.gasLimit))
      throw new Error(`generator: ${blockTxs} transfers of ${TRANSFER_GAS} gas do not fit a block`);
    let done = 0;
    let lastLog = performance.now();
    while (done < options.transfers) {
      const batch = traffic.plan(Math.min(blockTxs, options.transfers - done));
      await traffic.mineTransfers(batch);
      done += batch.length;
      if (performance.now() - lastLog > 5_000) {
        lastLog = performance.now();
        log(`  ${done} / ${options.transfers} transfers`);
      }
    }
    const tTransfers = performance.now();
    const headAfterLoad = await rpc.blockNumber();
    const events = traffic.eventsUpTo(headAfterLoad);
    log(
      `${options.transfers} transfers in ${Math.ceil(options.transfers / blockTxs)} blocks of ≤ ${blockTxs} (${Math.round(tTransfers - tSetup)} ms); ${events} Transfer events up to block ${headAfterLoad}`,
    );
    return {
      rpc,
      rpcUrl: devnet.rpcUrl,
      devnet,
      workDir,
      manifestPath,
      token,
      registry,
      safe,
      tokenBlock: BigInt(tokenBlock),
      manifestStartBlock: BigInt(manifest.startBlock),
      wallets,
      traffic,
      events,
      headAfterLoad,
      blockTxs,
      timings: {
        anvilMs: tAnvil - t0,
        deployMs: tDeploy - tAnvil,
        setupMs: tSetup - tDeploy,
        transfersMs: tTransfers - tSetup,
        totalMs: tTransfers - t0,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  installSignalHandlers();
  const { values } = parseArgs({
    options: {
      transfers: { type: "string" },
      investors: { type: "string" },
      "block-txs": { type: "string" },
    },
    strict: true,
  });
  const log = (line: string) => process.stderr.write(`generate: ${line}\n`);
  try {
    const chain = await generate({
      transfers: Number(values.transfers ?? 50_000),
      ...(values.investors ? { investors: Number(values.investors) } : {}),
      ...(values["block-txs"] ? { blockTxs: Number(values["block-txs"]) } : {}),
      log,
    });
    const round = (n: number) => Math.round(n);
    process.stdout.write(
      `${JSON.stringify({
        events: chain.events,
        head: chain.headAfterLoad.toString(),
        blockTxs: chain.blockTxs,
        ms: Object.fromEntries(Object.entries(chain.timings).map(([k, v]) => [k, round(v)])),
      })}\n`,
    );
    await chain.stop();
  } catch (error) {
    process.stderr.write(`generate failed: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  } finally {
    await runCleanups();
  }
}
