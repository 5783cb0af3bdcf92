/**
 * JSON Schemas of the facts and the policy, generated from the zod schemas (the input side: what a JSON file
 * may contain). Amounts appear as base-10 integer strings; the bigint branch only exists for code.
 */
import { z } from "zod";
import { policySchema } from "../policy/policySchema.ts";
import { issuanceFactsSchema } from "./facts/issuanceFactsSchema.ts";
import { transferFactsSchema } from "./facts/transferFactsSchema.ts";

type JsonSchema = Record<string, unknown>;

function toJson(schema: z.ZodType, title: string): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      // Drop the unrepresentable bigint branch (`{}`) of an amount union, keeping the string branch.
      const s = ctx.jsonSchema as { anyOf?: JsonSchema[] };
      if (!Array.isArray(s.anyOf)) return;
      const kept = s.anyOf.filter((b) => Object.keys(b).length > 0);
      if (kept.length === s.anyOf.length) return;
      delete s.anyOf;
      if (kept.length === 1) Object.assign(s, kept[0]);
      else s.anyOf = kept;
    },
    // BigInt defaults (policy thresholds) as strings, the JSON encoding of an amount.
  }) as JsonSchema;
  return JSON.parse(
    JSON.stringify({ ...json, title }, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as JsonSchema;
}

/** JSON Schema of transfer facts. */
export const transferFactsJsonSchema: JsonSchema = toJson(transferFactsSchema, "Coinscious transfer facts");
/** JSON Schema of issuance facts. */
export const issuanceFactsJsonSchema: JsonSchema = toJson(issuanceFactsSchema, "Coinscious issuance facts");
/** JSON Schema of the compliance policy. */
export const policyJsonSchema: JsonSchema = toJson(policySchema, "Coinscious compliance policy");
