import assert from "node:assert/strict";
import { test } from "node:test";
import { getNetworkChain } from "./getNetworkChain.ts";
import { isNetworkName, NETWORK_CHAIN_IDS, NETWORK_NAMES } from "./networks.ts";

test("each preset is its viem chain with only the runtime RPC URLs", () => {
  for (const network of NETWORK_NAMES) {
    const chain = getNetworkChain({ network, rpcUrls: ["http://127.0.0.1:1", "http://127.0.0.1:2"] });
    assert.equal(chain.id, NETWORK_CHAIN_IDS[network]);
    // Nothing may fall back to a preset URL (foundry's is 127.0.0.1:8545: possibly somebody else's node).
    assert.deepEqual(chain.rpcUrls, { default: { http: ["http://127.0.0.1:1", "http://127.0.0.1:2"] } });
  }
  assert.deepEqual(NETWORK_CHAIN_IDS, { devnet: 31337, "base-sepolia": 84532, base: 8453 });
});

test("an unknown network name → UNKNOWN_NETWORK", () => {
  assert.throws(() => getNetworkChain({ network: "Base", rpcUrls: [] }), {
    code: "UNKNOWN_NETWORK",
    details: { network: "Base", known: ["devnet", "base-sepolia", "base"] },
  });
  assert.equal(isNetworkName("base"), true);
  assert.equal(isNetworkName("toString"), false);
  assert.equal(isNetworkName(8453), false);
});
