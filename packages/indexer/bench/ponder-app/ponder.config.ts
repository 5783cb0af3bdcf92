import { createConfig } from "ponder";

// Everything comes from the harness (runPonder.ts): nothing here points at a fixed port, address or directory.
function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "")
    throw new Error(`ponder-app: ${name} is not set (run it through bench:indexer)`);
  return value;
}

const transferEvent = [
  {
    type: "event",
    name: "Transfer",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
] as const;

export default createConfig({
  database: { kind: "pglite", directory: env("BENCH_PGLITE_DIR") },
  chains: {
    anvil: {
      id: 31337,
      rpc: env("BENCH_RPC_URL"),
      disableCache: true,
      pollingInterval: Number(process.env.BENCH_POLLING_MS ?? 100),
    },
  },
  contracts: {
    Token: {
      chain: "anvil",
      abi: transferEvent,
      address: env("BENCH_TOKEN_ADDRESS") as `0x${string}`,
      startBlock: Number(env("BENCH_START_BLOCK")),
    },
  },
});
