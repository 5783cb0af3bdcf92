/**
 * Test-only fixture for the actions and preflight tests (not exported by the package): a fresh anvil on a free
 * port with `--auto-impersonate`, the contracts deployed by `@coinscious/contracts/deploy`, and the roles of a
 * deployment held by fixed addresses — `safe` stands in for the Safe (admin, agent, freezer, upgrader), and the
 * single keys `guardian`, `oracle` (registry oracle) and `anchorer`. Transactions are sent from impersonated
 * addresses, so no keys are involved.
 */
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { deployContracts, RULES_OFF, type TokenClassConfig } from "@coinscious/contracts/deploy";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  type Hex,
  http,
  parseEther,
} from "viem";
import { foundry } from "viem/chains";
import { type DecodedRevert, decodeRevert } from "../actions/decodeRevert.ts";
import { grantRole } from "../actions/grantRole.ts";
import { sendAction } from "../actions/sendAction.ts";
import type { Action, ActionRole } from "../actions/types.ts";
import type { ChainPublicClient, ChainWalletClient } from "../types.ts";

const ALL_ROLES: readonly ActionRole[] = [
  "agent",
  "freezer",
  "admin",
  "guardian",
  "registryOracle",
  "anchorer",
  "upgrader",
];

const fixed = (hex: string) => getAddress(`0x${hex.padStart(40, "0")}`);

export const SAFE = fixed("5afe00000000000000000000000000000000cafe");
export const GUARDIAN = fixed("9a4d1a000000000000000000000000000000beef");
export const ORACLE = fixed("04ac1e000000000000000000000000000000f00d");
export const ANCHORER = fixed("a0c4e4000000000000000000000000000000d00d");
export const OUTSIDER = fixed("0b5e4fe40000000000000000000000000000dead");

/** A deterministic test wallet. */
export const wallet = (i: number) => fixed((0xc0de0000 + i).toString(16));

export const rulesOff: Omit<TokenClassConfig, "admin" | "upgrader"> = {
  name: "Acme Series A",
  symbol: "ACME-A",
  decimals: 0,
  ...RULES_OFF,
};

export type Fixture = Awaited<ReturnType<typeof startFixture>>;

/** Starts anvil and deploys; always `await f.stop()` in `after`. */
export async function startFixture(tokenClass: Partial<typeof rulesOff> = {}) {
  const anvil: TestAnvil = await startAnvil({ args: ["--auto-impersonate"] });
  try {
    return await setUp(anvil, { ...rulesOff, ...tokenClass });
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

async function setUp(anvil: TestAnvil, tokenClass: typeof rulesOff) {
  const chain = { ...foundry, rpcUrls: { default: { http: [anvil.rpcUrl] } } };
  const transport = http(anvil.rpcUrl, { batch: false, retryCount: 0 });
  const publicClient: ChainPublicClient = createPublicClient({ chain, transport, pollingInterval: 10 });
  const testClient = createTestClient({ chain, transport, mode: "anvil" });
  /** A wallet client sending as `address` (impersonated by anvil). */
  const walletFor = (address: Address): ChainWalletClient =>
    createWalletClient({ account: { address, type: "json-rpc" }, chain, transport, pollingInterval: 10 });

  for (const a of [SAFE, GUARDIAN, ORACLE, ANCHORER, OUTSIDER]) {
    await testClient.setBalance({ address: a, value: parseEther("1000") });
  }
  const deployed = await deployContracts({
    walletClient: walletFor(SAFE),
    publicClient,
    admin: SAFE,
    upgrader: SAFE,
    registryOracle: ORACLE,
    anchorer: ANCHORER,
    tokenClass,
  });

  /** Sends `action` as `from` through {@link sendAction} (any role: one address stands in for the Safe). */
  const send = (from: Address, action: Action) =>
    sendAction({
      walletClient: walletFor(from),
      publicClient,
      action,
      allowRoles: ALL_ROLES,
      pollingInterval: 5,
    });

  for (const [role, account] of [
    ["AGENT_ROLE", SAFE],
    ["FREEZER_ROLE", SAFE],
    ["GUARDIAN_ROLE", GUARDIAN],
  ] as const) {
    await send(SAFE, grantRole({ contract: deployed.token, role, account }));
  }

  /**
   * Sends the raw call as `from` without estimation (a fixed gas limit, so a reverting call is mined too) and
   * returns the receipt; for a revert, the revert data the execution itself produced (from its call trace).
   */
  async function execute(
    from: Address,
    action: Action,
  ): Promise<{
    status: "success" | "reverted";
    blockNumber: bigint;
    gasUsed: bigint;
    revert?: DecodedRevert;
  }> {
    const r = await publicClient.request({
      method: "eth_sendTransactionSync" as never,
      params: [{ from, to: action.target, data: action.data, gas: "0x989680" }] as never,
    });
    const receipt = r as { status: Hex; blockNumber: Hex; gasUsed: Hex; transactionHash: Hex };
    const base = { blockNumber: BigInt(receipt.blockNumber), gasUsed: BigInt(receipt.gasUsed) };
    if (receipt.status === "0x1") return { status: "success", ...base };
    const trace = (await publicClient.request({
      method: "debug_traceTransaction" as never,
      params: [receipt.transactionHash, { tracer: "callTracer" }] as never,
    })) as { output?: Hex };
    return { status: "reverted", ...base, revert: decodeRevert(trace.output) };
  }

  async function now(): Promise<number> {
    return Number((await publicClient.getBlock({ blockTag: "latest" })).timestamp);
  }

  return {
    ...deployed,
    anvil,
    chain,
    publicClient,
    testClient,
    walletFor,
    send,
    execute,
    now,
    stop: () => anvil.stop(),
  };
}
