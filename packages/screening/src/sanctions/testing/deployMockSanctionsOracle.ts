/**
 * Test helper (not exported): compiles `packages/contracts/contracts/test/MockSanctionsOracle.sol` with the
 * contracts package's solc-js — the contracts build compiles it but generates TypeScript artifacts only for the
 * contracts its ARTIFACTS table names — and deploys it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Abi, Address, Hex, PublicClient, WalletClient } from "viem";

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
};

let compiled: { abi: Abi; bytecode: Hex } | undefined;

/** The mock's ABI and creation bytecode (compiled once per process). */
export function compileMockSanctionsOracle(): { abi: Abi; bytecode: Hex } {
  if (compiled !== undefined) return compiled;
  const anvilModule = createRequire(import.meta.url).resolve("@coinscious/contracts/anvil");
  const contractsRoot = join(dirname(anvilModule), "..");
  const source = readFileSync(join(contractsRoot, "contracts/test/MockSanctionsOracle.sol"), "utf8");
  const solc = createRequire(anvilModule)("solc") as { compile: (input: string) => string };
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { "MockSanctionsOracle.sol": { content: source } },
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
          outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
        },
      }),
    ),
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const contract = output.contracts?.["MockSanctionsOracle.sol"]?.MockSanctionsOracle;
  if (contract === undefined) throw new Error("MockSanctionsOracle did not compile");
  compiled = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return compiled;
}

/** Deploys the mock from the wallet client's account (its owner) and returns its address. */
export async function deployMockSanctionsOracle(
  publicClient: PublicClient,
  walletClient: WalletClient,
): Promise<Address> {
  const { abi, bytecode } = compileMockSanctionsOracle();
  const hash = await walletClient.deployContract({
    abi,
    bytecode,
    account: walletClient.account ?? null,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.contractAddress == null) throw new Error("MockSanctionsOracle was not deployed");
  return receipt.contractAddress;
}
