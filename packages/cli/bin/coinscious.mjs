#!/usr/bin/env node
// The `coinscious` command. Sources are TypeScript; bin/loadMain.mjs runs them as one cached esbuild bundle (tsx
// when that is not possible).
import { loadMain } from "./loadMain.mjs";

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
