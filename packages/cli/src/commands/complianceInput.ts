/**
 * The input files of `coinscious compliance`: reading a JSON file, the envelope of a check file
 * (`{ kind, facts, policy? }`) and its JSON Schema. Problems with the file itself (missing, not JSON, not a check
 * file, unknown kind) are usage errors (exit 2, like `coinscious index --manifest`); facts or a policy that fail
 * their schema are the engine's errors (exit 1), with every path given from the top of the file.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  InvalidFactsError,
  InvalidPolicyError,
  issuanceFactsJsonSchema,
  policyJsonSchema,
  transferFactsJsonSchema,
  type ValidationIssue,
} from "@coinscious/compliance";
import { UsageError } from "../errors.ts";

/** What a check file decides. */
export const CHECK_KINDS = ["transfer", "issuance"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** A check file, its envelope validated; `facts` and `policy` are still raw JSON for the engine to parse. */
export type CheckFile = {
  kind: CheckKind;
  facts: unknown;
  /** The file's `policy` key; undefined = absent (defaults, or `--policy`). */
  policy: unknown;
  description: string | undefined;
};

const CHECK_KEYS = new Set(["$schema", "description", "kind", "facts", "policy"]);

/**
 * Reads and `JSON.parse`s `path` (relative to `cwd`). A missing, unreadable or non-JSON file is a
 * {@link UsageError} with `details.reason` FILE_NOT_FOUND, FILE_UNREADABLE or INVALID_JSON.
 */
export async function readJsonFile(path: string, cwd: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new UsageError(`${what} ${path}: no such file`, { file: path, reason: "FILE_NOT_FOUND" });
    throw new UsageError(`${what} ${path}: not readable (${(cause as Error).message})`, {
      file: path,
      reason: "FILE_UNREADABLE",
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UsageError(`${what} ${path}: not valid JSON (${(cause as Error).message})`, {
      file: path,
      reason: "INVALID_JSON",
    });
  }
}

/** Validates the envelope of a check file. Throws {@link UsageError} (NOT_A_CHECK_FILE, UNKNOWN_KIND). */
export function checkFileOf(json: unknown, path: string): CheckFile {
  const notCheck = (why: string) =>
    new UsageError(
      `${path}: not a compliance check file: ${why} (expected { "kind": "transfer" | "issuance", "facts": {…}, "policy"?: {…} }; see \`coinscious compliance schema check\`)`,
      { file: path, reason: "NOT_A_CHECK_FILE" },
    );
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw notCheck(Array.isArray(json) ? "an array" : `a ${json === null ? "null" : typeof json}`);
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !CHECK_KEYS.has(k));
  if (unknown.length > 0)
    throw notCheck(`unknown key(s) ${unknown.map((k) => JSON.stringify(k)).join(", ")}`);
  if (!(CHECK_KINDS as readonly unknown[]).includes(o.kind)) {
    throw new UsageError(
      `${path}: "kind" must be ${CHECK_KINDS.map((k) => `"${k}"`).join(" or ")}, got ${o.kind === undefined ? "nothing" : JSON.stringify(o.kind)}`,
      { file: path, reason: "UNKNOWN_KIND" },
    );
  }
  if (!("facts" in o)) throw notCheck(`"facts" is missing`);
  if (o.description !== undefined && typeof o.description !== "string")
    throw notCheck(`"description" must be a string`);
  return {
    kind: o.kind as CheckKind,
    facts: o.facts,
    policy: o.policy,
    description: o.description as string | undefined,
  };
}

function prefixed(prefix: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => ({ ...i, path: i.path === "(root)" ? prefix : `${prefix}.${i.path}` }));
}

/**
 * Runs `fn` (which parses facts or a policy) and rethrows the engine's validation errors with their paths
 * relative to the top of the check file (`facts.to.kyc.status`, `policy.holderCaps.total`).
 */
export function withPathsUnder<T>(prefix: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (prefix === undefined) throw err;
    if (err instanceof InvalidFactsError)
      throw new InvalidFactsError(
        (err.details as { kind: "transfer" | "issuance" }).kind,
        prefixed(prefix, err.issues),
      );
    if (err instanceof InvalidPolicyError) throw new InvalidPolicyError(prefixed(prefix, err.issues));
    throw err;
  }
}

type JsonSchema = Record<string, unknown>;

function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _drop, ...rest } = schema;
  return rest;
}

/** JSON Schema of a check file: the envelope around the engine's facts and policy schemas. */
export function checkFileJsonSchema(): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Coinscious compliance check file",
    description:
      "Input of `coinscious compliance check`: the kind of decision, its facts and, optionally, the policy (every field defaults to the compliance-rules §0 convention).",
    type: "object",
    properties: {
      $schema: { type: "string" },
      description: { type: "string", description: "What the scenario is about; echoed in the output." },
      kind: { type: "string", enum: [...CHECK_KINDS] },
      facts: { type: "object" },
      policy: embedded(policyJsonSchema),
    },
    required: ["kind", "facts"],
    additionalProperties: false,
    oneOf: [
      {
        properties: { kind: { const: "transfer" }, facts: embedded(transferFactsJsonSchema) },
      },
      {
        properties: { kind: { const: "issuance" }, facts: embedded(issuanceFactsJsonSchema) },
      },
    ],
  };
}
