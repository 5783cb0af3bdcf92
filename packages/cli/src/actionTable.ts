import type { Action, DeploymentManifest } from "@coinscious/chain";
import * as actions from "@coinscious/chain";
import type { Address } from "viem";
import { UsageError } from "./errors.ts";

type FieldType = "address" | "amount" | "int" | "bool" | "string" | "addresses" | "amounts" | "ints";
type Field = { flag: string; type: FieldType; optional?: boolean };
type Targets = { token: Address; registry: Address; logAnchor: Address; timelock: Address; minDelay: bigint };
type ActionSpec = { fields: Field[]; build: (p: Record<string, unknown>, t: Targets) => Action };

const f = (flag: string, type: FieldType, optional = false): Field => ({ flag, type, optional });

/**
 * The actions the CLI can propose or send, by command-line name. Each names its flags; values are parsed here
 * into the types the chain package's action builders take, and the builders validate them.
 */
export const actionTable: Record<string, ActionSpec> = {
  mint: {
    fields: [f("to", "address"), f("amount", "amount")],
    build: (p, t) => actions.mint({ token: t.token, to: p.to as Address, amount: p.amount as bigint }),
  },
  "batch-mint": {
    fields: [f("to", "addresses"), f("amounts", "amounts")],
    build: (p, t) =>
      actions.batchMint({ token: t.token, toList: p.to as Address[], amounts: p.amounts as bigint[] }),
  },
  burn: {
    fields: [f("from", "address"), f("amount", "amount")],
    build: (p, t) => actions.burn({ token: t.token, from: p.from as Address, amount: p.amount as bigint }),
  },
  "forced-transfer": {
    fields: [f("from", "address"), f("to", "address"), f("amount", "amount"), f("reason", "string")],
    build: (p, t) =>
      actions.forcedTransfer({
        token: t.token,
        from: p.from as Address,
        to: p.to as Address,
        amount: p.amount as bigint,
        reason: /^\d+$/.test(p.reason as string) ? Number(p.reason) : (p.reason as never),
      }),
  },
  freeze: {
    fields: [f("wallet", "address")],
    build: (p, t) => actions.setAddressFrozen({ token: t.token, wallet: p.wallet as Address, frozen: true }),
  },
  unfreeze: {
    fields: [f("wallet", "address")],
    build: (p, t) => actions.setAddressFrozen({ token: t.token, wallet: p.wallet as Address, frozen: false }),
  },
  "freeze-partial": {
    fields: [f("wallet", "address"), f("amount", "amount")],
    build: (p, t) =>
      actions.freezePartialTokens({
        token: t.token,
        wallet: p.wallet as Address,
        amount: p.amount as bigint,
      }),
  },
  "unfreeze-partial": {
    fields: [f("wallet", "address"), f("amount", "amount")],
    build: (p, t) =>
      actions.unfreezePartialTokens({
        token: t.token,
        wallet: p.wallet as Address,
        amount: p.amount as bigint,
      }),
  },
  recover: {
    fields: [f("lost", "address"), f("new", "address")],
    build: (p, t) =>
      actions.recoveryAddress({ token: t.token, lostWallet: p.lost as Address, newWallet: p.new as Address }),
  },
  pause: { fields: [], build: (_p, t) => actions.pause({ token: t.token }) },
  unpause: { fields: [], build: (_p, t) => actions.unpause({ token: t.token }) },
  "set-holder-caps": {
    fields: [f("max-holders", "int"), f("max-non-accredited", "int")],
    build: (p, t) =>
      actions.setHolderCaps({
        token: t.token,
        maxHolders: p["max-holders"] as number,
        maxNonAccreditedHolders: p["max-non-accredited"] as number,
      }),
  },
  "set-countries": {
    fields: [f("countries", "ints"), f("listed", "bool")],
    build: (p, t) =>
      actions.setCountries({
        token: t.token,
        countries: p.countries as number[],
        listed: p.listed as boolean,
      }),
  },
  "set-country-rule": {
    fields: [f("rule", "string")],
    build: (p, t) =>
      actions.setCountryRule({
        token: t.token,
        rule: (/^\d$/.test(p.rule as string) ? Number(p.rule) : p.rule) as never,
      }),
  },
  "set-max-balance": {
    fields: [f("amount", "amount")],
    build: (p, t) => actions.setMaxBalancePerInvestor({ token: t.token, maxBalance: p.amount as bigint }),
  },
  "set-accreditation-required": {
    fields: [f("required", "bool")],
    build: (p, t) => actions.setAccreditationRequired({ token: t.token, required: p.required as boolean }),
  },
  "set-transfer-lockup": {
    fields: [f("until", "int")],
    build: (p, t) => actions.setTransferLockup({ token: t.token, lockedUntil: p.until as number }),
  },
  "register-investor": {
    fields: [
      f("id", "int"),
      f("wallet", "address"),
      f("country", "int"),
      f("kyc-expiry", "int"),
      f("accreditation-expiry", "int", true),
      f("lockup-until", "int", true),
      f("us-person", "bool", true),
    ],
    build: (p, t) =>
      actions.registerInvestor({
        registry: t.registry,
        investorId: p.id as number,
        wallet: p.wallet as Address,
        record: record(p),
      }),
  },
  "update-investor": {
    fields: [
      f("id", "int"),
      f("country", "int"),
      f("kyc-expiry", "int"),
      f("accreditation-expiry", "int", true),
      f("lockup-until", "int", true),
      f("us-person", "bool", true),
      f("frozen", "bool", true),
    ],
    build: (p, t) =>
      actions.updateInvestor({ registry: t.registry, investorId: p.id as number, record: record(p) }),
  },
  "link-wallet": {
    fields: [f("wallet", "address"), f("id", "int")],
    build: (p, t) =>
      actions.linkWallet({ registry: t.registry, wallet: p.wallet as Address, investorId: p.id as number }),
  },
  "anchor-root": {
    fields: [f("day", "int"), f("root", "string"), f("leaf-count", "int")],
    build: (p, t) =>
      actions.anchorRoot({
        logAnchor: t.logAnchor,
        day: p.day as number,
        root: p.root as `0x${string}`,
        leafCount: BigInt(p["leaf-count"] as number),
      }),
  },
  "schedule-upgrade": {
    fields: [f("contract", "string"), f("implementation", "address"), f("delay", "int", true)],
    build: (p, t) =>
      actions.scheduleTimelockOperation({
        timelock: t.timelock,
        operation: upgradeOf(p, t),
        delay: p.delay === undefined ? t.minDelay : BigInt(p.delay as number),
      }),
  },
  "execute-upgrade": {
    fields: [f("contract", "string"), f("implementation", "address")],
    build: (p, t) => actions.executeTimelockOperation({ timelock: t.timelock, operation: upgradeOf(p, t) }),
  },
  "unlink-wallet": {
    fields: [f("wallet", "address")],
    build: (p, t) => actions.unlinkWallet({ registry: t.registry, wallet: p.wallet as Address }),
  },
};

/** The `upgradeToAndCall` of the named proxy (`--contract token|registry`). */
function upgradeOf(p: Record<string, unknown>, t: Targets) {
  const contract = p.contract as string;
  if (contract !== "token" && contract !== "registry") {
    throw new UsageError(`--contract must be token or registry, got "${contract}"`, { flag: "contract" });
  }
  return actions.upgrade({ proxy: t[contract], newImplementation: p.implementation as Address });
}

function record(p: Record<string, unknown>) {
  return {
    country: p.country as number,
    kycExpiry: p["kyc-expiry"] as number,
    accreditationExpiry: (p["accreditation-expiry"] as number | undefined) ?? 0,
    lockupUntil: (p["lockup-until"] as number | undefined) ?? 0,
    usPerson: (p["us-person"] as boolean | undefined) ?? false,
    frozen: (p.frozen as boolean | undefined) ?? false,
  };
}

/** `parseArgs` options for an action's flags (all strings; parsed by {@link buildAction}). */
export function actionOptions(kind: string): Record<string, { type: "string" }> {
  const spec = specOf(kind);
  return Object.fromEntries(spec.fields.map((field) => [field.flag, { type: "string" as const }]));
}

function specOf(kind: string): ActionSpec {
  const spec = actionTable[kind];
  if (!spec) {
    throw new UsageError(`unknown action "${kind}" (one of: ${Object.keys(actionTable).join(", ")})`, {
      action: kind,
    });
  }
  return spec;
}

/** Parses the flag values of `kind` and builds the validated action against the deployment's contracts. */
export function buildAction(
  kind: string,
  values: Record<string, unknown>,
  manifest: DeploymentManifest,
): Action {
  const spec = specOf(kind);
  const params: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const raw = values[field.flag];
    if (raw === undefined) {
      if (field.optional) continue;
      throw new UsageError(`${kind}: --${field.flag} is required`, { flag: field.flag });
    }
    params[field.flag] = parseValue(kind, field, String(raw));
  }
  const c = manifest.contracts;
  const targets = {
    token: c.token?.address as Address,
    registry: c.registry?.address as Address,
    logAnchor: c.logAnchor?.address as Address,
    timelock: (manifest.timelock?.address ?? c.timelock?.address) as Address,
    minDelay: BigInt(manifest.timelock?.minDelay ?? "0"),
  };
  return spec.build(params, targets);
}

function parseValue(kind: string, field: Field, raw: string): unknown {
  const bad = (what: string) =>
    new UsageError(`${kind}: --${field.flag} must be ${what}, got "${raw}"`, { flag: field.flag });
  const amount = (s: string) => {
    if (!/^\d+$/.test(s)) throw bad("an amount in base units (a non-negative integer)");
    return BigInt(s);
  };
  const int = (s: string) => {
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw bad("a non-negative integer");
    return Number(s);
  };
  const list = (s: string) => (s === "" ? [] : s.split(",").map((x) => x.trim()));
  switch (field.type) {
    case "address":
    case "string":
      return raw;
    case "amount":
      return amount(raw);
    case "int":
      return int(raw);
    case "bool":
      if (raw !== "true" && raw !== "false") throw bad("true or false");
      return raw === "true";
    case "addresses":
      return list(raw);
    case "amounts":
      return list(raw).map(amount);
    case "ints":
      return list(raw).map(int);
  }
}
