#!/usr/bin/env node
// Runs every `*.test.ts` below the given folders with Node's built-in test runner, TypeScript loaded by tsx.
// Node 20's `--test` does not expand globs, so the files are collected here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2);
if (roots.length === 0) roots.push("src");

/** @param {string} dir @returns {string[]} */
function collect(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(collect(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = roots.flatMap((r) => collect(r)).sort();
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${roots.join(", ")}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
