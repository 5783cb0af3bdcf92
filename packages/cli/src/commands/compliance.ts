import { parseArgs } from "node:util";
import {
  buildHolderIndex,
  checkIssuance,
  checkTransfer,
  compilePolicy,
  countHoldersOfRecord,
  type Decision,
  type HolderCapDelta,
  issuanceFactsJsonSchema,
  type PolicyInput,
  parseTwelveGInput,
  parseTwelveGProposedTrade,
  policyJsonSchema,
  projectHolderCapDelta,
  reportOf,
  type TwelveGAssessment,
  transferFactsJsonSchema,
  twelveGInputJsonSchema,
  twelveGProposedTradeJsonSchema,
} from "@coinscious/compliance";
import { bigintJson, UsageError } from "../errors.ts";
import type { Io } from "../io.ts";
import type { Command } from "../main.ts";
import { checkFileJsonSchema, checkFileOf, readJsonFile, withPathsUnder } from "./complianceInput.ts";

/** Exit code of `check` (and of `12g --trade`) under `--fail-on-deny` when the decision is DENY. */
export const EXIT_DENIED = 3;

const SCHEMAS: Record<string, () => Record<string, unknown>> = {
  check: checkFileJsonSchema,
  transfer: () => transferFactsJsonSchema,
  issuance: () => issuanceFactsJsonSchema,
  policy: () => policyJsonSchema,
  "12g": () => twelveGInputJsonSchema,
  "12g-trade": () => twelveGProposedTradeJsonSchema,
};

const USAGE = `coinscious compliance check <facts.json> [--policy policy.json] [--fail-on-deny] [--json]
       coinscious compliance 12g <holders.json> [--trade trade.json] [--fail-on-deny] [--json]
       coinscious compliance schema <${Object.keys(SCHEMAS).join("|")}> [--json]

check   decides a transfer or an issuance: ALLOW, DENY or REVIEW with every failing reason (rule, code,
        name, operator text, citation), the primary one first. facts.json is
          { "kind": "transfer" | "issuance", "facts": {…}, "policy"?: {…}, "description"?: "…" }
        facts: \`schema transfer\` / \`schema issuance\` (amounts are decimal strings, dollars in cents, dates
        YYYY-MM-DD in the issuer's zone, instants with an offset; the facts carry the evaluation date, the
        engine reads no clock). policy: \`schema policy\`, every field optional with its compliance-rules §0
        default; or --policy FILE with the policy alone (not both).
        Prints { kind, description?, decision, reasons }.
12g     the 12(g) holder-of-record report of a class snapshot (\`schema 12g\`; an optional "policy" key
        inside): counts, alert level, Form 10 deadline, exclusions, incidents. --trade FILE (\`schema
        12g-trade\`) adds "trade": the pre-trade holder-cap delta and its ALLOW/DENY.
schema  prints a JSON Schema (draft 2020-12): check = the whole check file.

Output is JSON on stdout (indented; --json: one line, and errors as {"error":…} on stdout too); without
--json a one-line summary goes to stderr. Examples: packages/cli/examples/compliance/.
Exit codes: 0 a decision or report was printed, whatever it says (DENY and REVIEW included);
  ${EXIT_DENIED} with --fail-on-deny when the decision (check) or the trade (12g --trade) is DENY;
  1 facts, policy or holders that fail their schema (error INVALID_COMPLIANCE_FACTS,
    INVALID_COMPLIANCE_POLICY, TWELVE_G_INPUT_INVALID, with every path in the details) or a trade the
    holders file cannot apply (TWELVE_G_TRADE_INVALID);
  2 bad usage: unknown subcommand or flag, missing, unreadable or non-JSON file, not a check file,
    unknown kind (error USAGE; details.reason FILE_NOT_FOUND, INVALID_JSON, NOT_A_CHECK_FILE, UNKNOWN_KIND…).`;

/** `parseArgs` with its errors (unknown flag, missing value) as usage errors. */
function flags<T>(sub: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new UsageError(`compliance ${sub}: ${(err as Error).message}`);
  }
}

/** The one positional argument (the input file) of a subcommand. */
function onePath(sub: string, positionals: string[], what: string): string {
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? `compliance ${sub}: give the ${what} file (see --help)`
        : `compliance ${sub}: one ${what} file, got ${positionals.length}: ${positionals.join(" ")}`,
    );
  return positionals[0] as string;
}

function print(io: Io, value: unknown, json: boolean): void {
  io.out(json ? JSON.stringify(value, bigintJson) : JSON.stringify(value, bigintJson, 2));
}

function decisionLine(d: Decision | HolderCapDelta): string {
  if (d.reasons.length === 0) return `${d.decision}: no failing rule`;
  const list = d.reasons.map((r) => {
    const extra = [
      "rule" in r ? r.rule : undefined,
      "eligibleOn" in r && r.eligibleOn ? `eligible on ${r.eligibleOn}` : undefined,
    ].filter((x) => x !== undefined);
    return `${r.name} (${extra.length > 0 ? `${extra.join(", ")}, ` : ""}code ${r.code})`;
  });
  return `${d.decision}: ${d.reasons.length} reason${d.reasons.length === 1 ? "" : "s"} — ${list.join(", ")}`;
}

async function check(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = flags("check", () =>
    parseArgs({
      args: argv,
      options: { policy: { type: "string" }, "fail-on-deny": { type: "boolean" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const path = onePath("check", positionals, "facts");
  const file = checkFileOf(await readJsonFile(path, io.cwd, "facts file"), path);
  if (values.policy !== undefined && file.policy !== undefined)
    throw new UsageError(`${path} has a "policy"; give it there or with --policy, not both`, {
      file: path,
      reason: "POLICY_TWICE",
    });
  const policy =
    values.policy === undefined
      ? withPathsUnder("policy", () => compilePolicy((file.policy ?? {}) as PolicyInput))
      : compilePolicy((await readJsonFile(values.policy, io.cwd, "--policy")) as PolicyInput);
  const decision = withPathsUnder("facts", () =>
    file.kind === "transfer" ? checkTransfer(file.facts, policy) : checkIssuance(file.facts, policy),
  );
  print(
    io,
    {
      kind: file.kind,
      ...(file.description === undefined ? {} : { description: file.description }),
      decision: decision.decision,
      reasons: decision.reasons,
    },
    values.json === true,
  );
  if (!values.json) io.err(decisionLine(decision));
  return values["fail-on-deny"] && decision.decision === "DENY" ? EXIT_DENIED : 0;
}

async function twelveG(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = flags("12g", () =>
    parseArgs({
      args: argv,
      options: { trade: { type: "string" }, "fail-on-deny": { type: "boolean" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    }),
  );
  const path = onePath("12g", positionals, "holders");
  if (values["fail-on-deny"] && values.trade === undefined)
    throw new UsageError("compliance 12g: --fail-on-deny needs --trade (only a trade is allowed or denied)");
  const input = parseTwelveGInput(await readJsonFile(path, io.cwd, "holders file"));
  const trade =
    values.trade === undefined
      ? undefined
      : parseTwelveGProposedTrade(await readJsonFile(values.trade, io.cwd, "--trade"));
  const index = buildHolderIndex(input);
  const counts = countHoldersOfRecord(index);
  const report: TwelveGAssessment & { trade?: HolderCapDelta } = reportOf(index, counts);
  if (trade !== undefined) report.trade = projectHolderCapDelta(index, trade, counts);
  print(io, report, values.json === true);
  if (!values.json) {
    const r = report.counts.registration;
    io.err(
      `${report.classId}: ${report.level} — ${r.holders} holders of record, ${r.nonAccredited} non-accredited ` +
        `(${report.basis === "fye" ? "fiscal year end" : "projected to the fiscal year end"} ${report.fiscalYearEnd})` +
        (report.trade ? `; trade: ${decisionLine(report.trade)}` : ""),
    );
  }
  return values["fail-on-deny"] && report.trade?.decision === "DENY" ? EXIT_DENIED : 0;
}

async function schema(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = flags("schema", () =>
    parseArgs({ args: argv, options: { json: { type: "boolean" } }, allowPositionals: true, strict: true }),
  );
  const name = onePath("schema", positionals, "schema name");
  const make = Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name] : undefined;
  if (make === undefined)
    throw new UsageError(
      `compliance schema: unknown schema "${name}" (one of ${Object.keys(SCHEMAS).join(", ")})`,
    );
  print(io, make(), values.json === true);
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[], io: Io) => Promise<number>> = {
  check,
  "12g": twelveG,
  schema,
};

export const complianceCommand: Command = {
  summary:
    "try compliance scenarios from JSON files: decide a transfer or issuance, the 12(g) report, schemas",
  usage: USAGE,
  async run(argv, io) {
    // Set first, so that even a usage error comes out as JSON on stdout.
    if (argv.includes("--json")) io.json = true;
    const [sub, ...rest] = argv;
    const run = sub !== undefined && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (run === undefined)
      throw new UsageError(
        sub === undefined || sub.startsWith("-")
          ? `compliance: name a subcommand: ${Object.keys(SUBCOMMANDS).join(", ")} (see --help)`
          : `compliance: unknown subcommand "${sub}" (one of ${Object.keys(SUBCOMMANDS).join(", ")})`,
      );
    return run(rest, io);
  },
};
