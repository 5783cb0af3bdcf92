/**
 * The sanctions oracle check (§4.3) against the devnet mock on a real anvil: listed → SANCTIONED, not listed →
 * CLEAR, and every failure — a revert, no contract, an unreachable node, a node that never answers — STALE,
 * never CLEAR. Then the wallet screening with the oracle as second check.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startAnvil, type TestAnvil } from "@coinscious/contracts/anvil";
import { createTestDatabase, fakeAddress, fakeHash, type TestDatabase } from "@coinscious/db/testing";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getAddress,
  http,
  type PublicClient,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { checkSanctionsOracle } from "./checkSanctionsOracle.ts";
import { refreshSanctionsList } from "./refreshSanctionsList.ts";
import { screenInvestorWallets } from "./screenInvestorWallets.ts";
import {
  compileMockSanctionsOracle,
  deployMockSanctionsOracle,
} from "./testing/deployMockSanctionsOracle.ts";
import { A, ENTRIES, sdnXml } from "./testing/sdnFixtures.ts";

const MNEMONIC = "test test test test test test test test test test test junk";
const LISTED = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const NOT_LISTED = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

let anvil: TestAnvil;
let publicClient: PublicClient;
let owner: ReturnType<typeof createWalletClient>;
let oracle: Address;
const { abi } = compileMockSanctionsOracle();

async function send(functionName: string, args: unknown[], from = owner) {
  const hash = await from.writeContract({
    address: oracle,
    abi,
    functionName,
    args,
    account: from.account ?? null,
    chain: foundry,
  });
  return publicClient.waitForTransactionReceipt({ hash });
}

before(async () => {
  anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  publicClient = createPublicClient({ chain: foundry, transport, pollingInterval: 20 });
  owner = createWalletClient({
    chain: foundry,
    transport,
    account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }),
  });
  oracle = await deployMockSanctionsOracle(publicClient, owner);
  await send("addToSanctionsList", [[LISTED]]);
});
after(async () => {
  await anvil?.stop();
});

describe("checkSanctionsOracle on anvil", () => {
  it("listed → SANCTIONED, not listed → CLEAR", async () => {
    assert.equal(
      (await checkSanctionsOracle(publicClient, { oracle, address: LISTED })).status,
      "SANCTIONED",
    );
    assert.equal((await checkSanctionsOracle(publicClient, { oracle, address: NOT_LISTED })).status, "CLEAR");
  });

  it("only the owner sets the list; delisting clears", async () => {
    const stranger = createWalletClient({
      chain: foundry,
      transport: http(anvil.rpcUrl),
      account: mnemonicToAccount(MNEMONIC, { addressIndex: 5 }),
    });
    await assert.rejects(send("addToSanctionsList", [[NOT_LISTED]], stranger), /OwnableUnauthorizedAccount/);
    await send("removeFromSanctionsList", [[LISTED]]);
    assert.equal((await checkSanctionsOracle(publicClient, { oracle, address: LISTED })).status, "CLEAR");
    await send("addToSanctionsList", [[LISTED]]);
  });

  it("a reverting oracle, an address without code → STALE", async () => {
    await send("setBroken", [true]);
    const broken = await checkSanctionsOracle(publicClient, { oracle, address: NOT_LISTED });
    assert.equal(broken.status, "STALE");
    assert.ok(broken.error);
    await send("setBroken", [false]);
    assert.equal(
      (await checkSanctionsOracle(publicClient, { oracle: fakeAddress(0x5eed), address: NOT_LISTED })).status,
      "STALE",
    );
  });

  it("an unreachable node and a node that never answers → STALE within the timeout", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const down = createPublicClient({
      chain: foundry,
      transport: http(`http://127.0.0.1:${closedPort}`, { retryCount: 0 }),
    });
    assert.equal((await checkSanctionsOracle(down, { oracle, address: NOT_LISTED })).status, "STALE");

    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const hanging = createPublicClient({
        chain: foundry,
        transport: http(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`),
      });
      const started = Date.now();
      const r = await checkSanctionsOracle(hanging, { oracle, address: NOT_LISTED, timeoutMs: 300 });
      assert.equal(r.status, "STALE");
      assert.match(r.error?.message ?? "", /300 ms/);
      assert.ok(Date.now() - started < 2_000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("screenInvestorWallets with the oracle", () => {
  let db: TestDatabase;
  let dir: string;
  const REGISTRY = fakeAddress(0xe1);
  const TOKEN = fakeAddress(0xa1);
  const now = new Date();
  before(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "sdn-oracle-"));
    await db.exec(
      `INSERT INTO wallet_links (chain_id, block_number, log_index, tx_hash, registry, wallet, investor_id, linked) VALUES
       (31337, 1, 0, '${fakeHash(1)}', '${REGISTRY}', '${A}', 1, true),
       (31337, 2, 0, '${fakeHash(2)}', '${REGISTRY}', '${LISTED.toLowerCase()}', 2, true),
       (31337, 3, 0, '${fakeHash(3)}', '${REGISTRY}', '${NOT_LISTED.toLowerCase()}', 3, true);
       INSERT INTO token_bindings (chain_id, block_number, log_index, tx_hash, registry, token) VALUES
       (31337, 1, 1, '${fakeHash(11)}', '${REGISTRY}', '${TOKEN}');`,
    );
    const source = join(dir, "sdn.xml");
    await writeFile(source, sdnXml(ENTRIES, { publishDate: "2025-06-30" }));
    await refreshSanctionsList(db, { format: "sdn_xml", source, now });
  });
  after(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("the oracle's hit is an alert too; the SDN hit stays one", async () => {
    const r = await screenInvestorWallets(db, { now, oracle: { client: publicClient, address: oracle } });
    assert.equal(r.status, "completed");
    assert.deepEqual(
      r.alerts.map((a) => [a.wallet, a.matchedBy]),
      [
        [getAddress(A), ["sdn_list"]],
        [LISTED, ["oracle"]],
      ],
    );
    assert.deepEqual(r.freezeProposals[0]?.actions[0]?.params, {
      token: getAddress(TOKEN),
      wallets: [getAddress(A), LISTED],
      frozen: [true, true],
    });
  });

  it("a failing oracle makes the unlisted wallets STALE and the screening stale", async () => {
    await send("setBroken", [true]);
    try {
      const r = await screenInvestorWallets(db, { now, oracle: { client: publicClient, address: oracle } });
      assert.equal(r.status, "stale");
      assert.deepEqual(
        r.wallets.map((w) => [w.result.address, w.result.status]),
        [
          [A, "SANCTIONED"],
          [NOT_LISTED.toLowerCase(), "STALE"],
          [LISTED.toLowerCase(), "STALE"],
        ],
      );
      const { rows } = await db.query<{ oracle: string; stale_count: number }>(
        "SELECT oracle, stale_count FROM sanctions_screenings ORDER BY id DESC LIMIT 1",
      );
      assert.deepEqual(rows[0], { oracle: oracle.toLowerCase(), stale_count: 2 });
    } finally {
      await send("setBroken", [false]);
    }
  });
});
