/**
 * Compiles the Solidity sources with solc-js (optimizer on) and generates the TypeScript artifacts the other
 * packages import: per contract `<name>Abi` (`as const`), `<name>Bytecode`, `<name>DeployedSize`, and the
 * source hash of the whole build. Outputs are cached by the hash of every input (sources, resolved imports,
 * compiler version and settings), so an unchanged tree builds in milliseconds.
 *
 * Fails when a deployable contract exceeds the EIP-170 limit of 24,576 bytes.
 *
 * Usage: `npm run build` (in packages/contracts), `--force` to ignore the cache.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sourcesDir = join(root, "contracts");
const generatedDir = join(root, "generated");
const cacheDir = join(root, ".cache");

/** Contracts whose artifacts are generated: source path (relative to contracts/ or an npm import) → name. */
const ARTIFACTS: Record<string, string[]> = {
  "SecurityToken.sol": ["SecurityToken"],
  "InvestorRegistry.sol": ["InvestorRegistry"],
  "TokenFactory.sol": ["TokenFactory"],
  "LogAnchor.sol": ["LogAnchor"],
  "bench/PlainERC20.sol": ["PlainERC20"],
  "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol": ["ERC1967Proxy"],
  "@openzeppelin/contracts/governance/TimelockController.sol": ["TimelockController"],
};

/** Contracts that are never deployed on their own and so are exempt from the size check. */
const MAX_DEPLOYED_SIZE = 24_576;

export const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  viaIR: true,
  metadata: { bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
} as const;

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listSources(p) : name.endsWith(".sol") ? [p] : [];
  });
}

/** Resolves `@scope/pkg/path.sol` from node_modules. */
function resolveImport(path: string): string {
  const parts = path.split("/");
  const pkgName = path.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
  const rest = parts.slice(path.startsWith("@") ? 2 : 1).join("/");
  const pkgDir = dirname(require.resolve(`${pkgName}/package.json`));
  return join(pkgDir, rest);
}

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<
    string,
    Record<
      string,
      { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }
    >
  >;
};

async function main() {
  const force = process.argv.includes("--force");
  const solc = require("solc") as {
    version: () => string;
    compile: (
      input: string,
      opts: { import: (p: string) => { contents: string } | { error: string } },
    ) => string;
  };
  const sources: Record<string, { content: string }> = {};
  for (const file of listSources(sourcesDir)) {
    sources[relative(sourcesDir, file)] = { content: readFileSync(file, "utf8") };
  }
  // Entry points from npm packages are compiled as sources too, so their artifacts are selected.
  for (const path of Object.keys(ARTIFACTS)) {
    if (path.startsWith("@")) sources[path] = { content: readFileSync(resolveImport(path), "utf8") };
  }

  // Resolve every import up front, so the cache key covers dependency contents as well.
  const imported: Record<string, string> = {};
  const importRe = /import\s+(?:[^"']*from\s+)?["']([^"']+)["']/g;
  const queue = Object.entries(sources).map(([p, s]) => [p, s.content] as const);
  while (queue.length) {
    const [path, content] = queue.pop() as readonly [string, string];
    for (const m of content.matchAll(importRe)) {
      const spec = m[1] as string;
      const full = spec.startsWith(".") ? join(dirname(path), spec).replaceAll("\\", "/") : spec;
      if (sources[full] || imported[full] !== undefined) continue;
      const text = readFileSync(full.startsWith("@") ? resolveImport(full) : join(sourcesDir, full), "utf8");
      imported[full] = text;
      queue.push([full, text]);
    }
  }

  const input = { language: "Solidity", sources, settings: SETTINGS };
  const hash = createHash("sha256")
    .update(solc.version())
    .update(JSON.stringify(input))
    .update(JSON.stringify(Object.entries(imported).sort()))
    .update(JSON.stringify(ARTIFACTS))
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest("hex");
  const stamp = join(generatedDir, ".source-hash");
  if (!force && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
    console.log(`contracts: up to date (${hash.slice(0, 12)})`);
    return;
  }

  mkdirSync(cacheDir, { recursive: true });
  const cached = join(cacheDir, `${hash}.json`);
  let output: SolcOutput;
  const started = Date.now();
  if (!force && existsSync(cached)) {
    output = JSON.parse(readFileSync(cached, "utf8")) as SolcOutput;
  } else {
    output = JSON.parse(
      solc.compile(JSON.stringify(input), {
        import: (p) => (imported[p] !== undefined ? { contents: imported[p] } : { error: `not found: ${p}` }),
      }),
    ) as SolcOutput;
    const errors = (output.errors ?? []).filter((e) => e.severity === "error");
    for (const e of output.errors ?? []) if (e.severity !== "error") console.warn(e.formattedMessage);
    if (errors.length) {
      for (const e of errors) console.error(e.formattedMessage);
      throw new Error(`solc: ${errors.length} error(s)`);
    }
    writeFileSync(cached, JSON.stringify(output));
  }

  mkdirSync(generatedDir, { recursive: true });
  const index: string[] = [
    "// Generated by packages/contracts/scripts/build.ts — do not edit.",
    `export const sourceHash = "0x${hash}" as const;`,
    `export const compilerVersion = ${JSON.stringify(solc.version())} as const;`,
  ];
  const sizes: [string, number][] = [];
  for (const [path, names] of Object.entries(ARTIFACTS)) {
    for (const contractName of names) {
      const c = output.contracts[path]?.[contractName];
      if (!c) throw new Error(`no artifact for ${path}:${contractName}`);
      const size = c.evm.deployedBytecode.object.length / 2;
      sizes.push([contractName, size]);
      const id = contractName.replace(/^[A-Z]+(?=[A-Z][a-z]|\d|$)|^[A-Z]/, (m) => m.toLowerCase());
      const body = [
        "// Generated by packages/contracts/scripts/build.ts — do not edit.",
        `export const ${id}Abi = ${JSON.stringify(c.abi, null, 2)} as const;`,
        `export const ${id}Bytecode = "0x${c.evm.bytecode.object}" as const;`,
        `export const ${id}DeployedBytecode = "0x${c.evm.deployedBytecode.object}" as const;`,
        `export const ${id}DeployedSize = ${size};`,
        `export const ${id}Source = ${JSON.stringify(path)};`,
        "",
      ].join("\n");
      writeFileSync(join(generatedDir, `${contractName}.ts`), body);
      index.push(`export * from "./${contractName}.ts";`);
    }
  }
  // The standard-JSON input, for explorer verification of any of these contracts.
  const standardInput = {
    language: "Solidity",
    sources: {
      ...sources,
      ...Object.fromEntries(Object.entries(imported).map(([p, c]) => [p, { content: c }])),
    },
    settings: {
      ...SETTINGS,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode", "evm.deployedBytecode", "metadata"] } },
    },
  };
  writeFileSync(join(generatedDir, "standard-input.json"), JSON.stringify(standardInput));
  writeFileSync(join(generatedDir, "index.ts"), `${index.join("\n")}\n`);

  const tooBig = sizes.filter(([, s]) => s > MAX_DEPLOYED_SIZE);
  for (const [n, s] of sizes) console.log(`  ${n.padEnd(20)} ${String(s).padStart(6)} bytes`);
  if (tooBig.length) {
    throw new Error(
      `over the ${MAX_DEPLOYED_SIZE}-byte limit: ${tooBig.map(([n, s]) => `${n} (${s})`).join(", ")}`,
    );
  }
  writeFileSync(stamp, hash);
  console.log(`contracts: built in ${Date.now() - started} ms (${hash.slice(0, 12)})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
