import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { main } from "../main.ts";
import { EXIT_DENIED } from "./compliance.ts";

// `coinscious compliance` in-process with a fake Io: every example file (so they cannot rot), the output shapes,
// the exit codes, and every kind of bad input with its code.

type Run = { code: number; out: string; err: string };

const EXAMPLES = new URL("../../examples/compliance/", import.meta.url).pathname;
const example = (name: string) => join(EXAMPLES, name);
let dir: string;

async function run(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["compliance", ...argv], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: {},
    cwd: dir,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Writes `content` (an object is JSON-encoded) into the temp dir; returns the file name (relative to cwd). */
function file(name: string, content: unknown): string {
  writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return name;
}

const exampleJson = (name: string) =>
  JSON.parse(readFileSync(example(name), "utf8")) as Record<string, unknown>;

type Reason = { rule: string; code: number; name: string; severity: string; citation: string; text: string };
type CheckOut = { kind: string; description?: string; decision: string; reasons: Reason[] };

before(() => {
  dir = mkdtempSync(join(tmpdir(), "coinscious-compliance-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("coinscious compliance: the examples", () => {
  // Each example with what it must produce. A new example file without an entry here fails the first test.
  const expected: Record<string, (r: Run) => void> = {
    "transfer-allow.json": (r) => {
      const o = JSON.parse(r.out) as CheckOut;
      assert.equal(o.kind, "transfer");
      assert.equal(o.decision, "ALLOW");
      assert.deepEqual(o.reasons, []);
      assert.match(r.err, /^ALLOW: no failing rule$/);
    },
    "transfer-deny.json": (r) => {
      const o = JSON.parse(r.out) as CheckOut;
      assert.equal(o.decision, "DENY");
      assert.deepEqual(
        o.reasons.map((x) => [x.rule, x.name, x.severity]),
        [
          ["S-03", "SANCTIONS_DATA_STALE", "DENY"],
          ["K-02", "KYC_EXPIRED_TO", "DENY"],
          ["R-02", "HOLDING_PERIOD_144", "DENY"],
        ],
      );
      for (const reason of o.reasons) {
        assert.ok(reason.citation.length > 0 && reason.text.length > 0, JSON.stringify(reason));
        assert.equal(typeof reason.code, "number");
      }
      assert.match(r.err, /^DENY: 3 reasons — SANCTIONS_DATA_STALE \(S-03, code 32\)/);
      assert.match(r.err, /HOLDING_PERIOD_144 \(R-02, eligible on 2026-07-01, code 70\)/);
    },
    "issuance.json": (r) => {
      const o = JSON.parse(r.out) as CheckOut;
      assert.equal(o.kind, "issuance");
      assert.equal(o.decision, "ALLOW");
    },
    "holders.json": (r) => {
      const o = JSON.parse(r.out) as {
        classId: string;
        level: string;
        counts: {
          registration: { holders: number; nonAccredited: number };
          deregistration: { holders: number };
        };
        incidents: { code: string }[];
      };
      assert.equal(o.classId, "ACME-A");
      assert.equal(o.level, "GREEN");
      // alice's two records are one holder; the plan lot and the Reg CF lot are excluded; the SPV is looked
      // through (3 members); the joint registration and the unlinked wallet count once each.
      assert.deepEqual(o.counts.registration, { holders: 8, nonAccredited: 6 });
      assert.equal(o.counts.deregistration.holders, 9);
      assert.deepEqual(
        o.incidents.map((i) => i.code),
        ["UNLINKED_WALLET_BALANCE"],
      );
      assert.match(
        r.err,
        /^ACME-A: GREEN — 8 holders of record, 6 non-accredited \(fiscal year end 2025-12-31\)$/,
      );
    },
    "trade.json": () => {}, // run with holders.json below
  };

  test("every example file has an expectation", () => {
    assert.deepEqual(
      readdirSync(EXAMPLES)
        .filter((f) => f.endsWith(".json"))
        .sort(),
      Object.keys(expected).sort(),
    );
  });

  for (const name of ["transfer-allow.json", "transfer-deny.json", "issuance.json"])
    test(`check ${name}`, async () => {
      const r = await run(["check", example(name)]);
      assert.equal(r.code, 0, r.err);
      const o = JSON.parse(r.out) as CheckOut;
      assert.equal(o.description, exampleJson(name).description);
      expected[name]?.(r);
    });

  test("12g holders.json", async () => {
    const r = await run(["12g", example("holders.json")]);
    assert.equal(r.code, 0, r.err);
    expected["holders.json"]?.(r);
    assert.equal((JSON.parse(r.out) as { trade?: unknown }).trade, undefined);
  });

  test("12g holders.json --trade trade.json: a new non-accredited holder at the caps is denied", async () => {
    const r = await run(["12g", example("holders.json"), "--trade", example("trade.json")]);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out) as { level: string; trade: Record<string, unknown> };
    assert.equal(o.level, "GREEN");
    assert.deepEqual(o.trade.delta, { holders: 1, nonAccredited: 1, deregHolders: 1 });
    assert.deepEqual(o.trade.after, { holders: 9, nonAccredited: 7 });
    assert.equal(o.trade.decision, "DENY");
    assert.deepEqual(
      (o.trade.reasons as { name: string }[]).map((x) => x.name),
      ["HOLDER_LIMIT_TOTAL", "HOLDER_LIMIT_NON_ACCREDITED"],
    );
    assert.match(r.err, /trade: DENY: 2 reasons — HOLDER_LIMIT_TOTAL \(code 110\)/);
    const failing = await run([
      "12g",
      example("holders.json"),
      "--trade",
      example("trade.json"),
      "--fail-on-deny",
    ]);
    assert.equal(failing.code, EXIT_DENIED);
    assert.equal(failing.out, r.out);
  });
});

describe("coinscious compliance check", () => {
  test("a DENY exits 0 unless --fail-on-deny (then 3); an ALLOW exits 0 either way", async () => {
    assert.equal((await run(["check", example("transfer-deny.json")])).code, 0);
    const denied = await run(["check", "--fail-on-deny", example("transfer-deny.json")]);
    assert.equal(denied.code, EXIT_DENIED);
    assert.equal((JSON.parse(denied.out) as CheckOut).decision, "DENY");
    assert.equal((await run(["check", example("transfer-allow.json"), "--fail-on-deny"])).code, 0);
  });

  test("--json prints one line and no summary", async () => {
    const r = await run(["check", example("transfer-deny.json"), "--json"]);
    assert.equal(r.code, 0);
    assert.equal(r.out.split("\n").length, 1);
    assert.equal((JSON.parse(r.out) as CheckOut).reasons.length, 3);
    assert.equal(r.err, "");
  });

  test("REVIEW: an affiliate's sale is queued for review, exit 0 even with --fail-on-deny", async () => {
    const f = exampleJson("transfer-allow.json");
    const facts = f.facts as { from: Record<string, unknown> };
    facts.from.affiliate = true;
    facts.from.sales3mUnits = "99000";
    const r = await run(["check", file("affiliate.json", f), "--fail-on-deny"]);
    const o = JSON.parse(r.out) as CheckOut;
    assert.equal(o.decision, "REVIEW", r.out);
    assert.equal(r.code, 0);
    assert.ok(o.reasons.every((x) => x.severity === "REVIEW"));
  });

  test("the policy: defaults without one, from the file, or from --policy (not both)", async () => {
    const { policy: _p, ...noPolicy } = exampleJson("transfer-allow.json");
    assert.equal(
      (JSON.parse((await run(["check", file("np.json", noPolicy)])).out) as CheckOut).decision,
      "ALLOW",
    );
    // Holder caps at the current count: the recipient is already counted, so no new holder — still ALLOW; a new
    // recipient is refused (H-11).
    const atCap = { holderCaps: { total: 412, nonAccredited: 499 } };
    const newHolder = structuredClone(noPolicy) as { facts: { to: Record<string, unknown> } };
    newHolder.facts.to.isCountedHolder = false;
    const r = await run(["check", file("new.json", newHolder), "--policy", file("cap.json", atCap)]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      (JSON.parse(r.out) as CheckOut).reasons.map((x) => x.name),
      ["HOLDER_LIMIT_TOTAL"],
    );
    const both = await run(["check", example("transfer-allow.json"), "--policy", "cap.json"]);
    assert.equal(both.code, 2);
    assert.match(both.err, /^error USAGE: .*not both .*"reason":"POLICY_TWICE"/);
  });

  test("facts that fail their schema: INVALID_COMPLIANCE_FACTS, exit 1, every path from the top of the file", async () => {
    const f = exampleJson("transfer-allow.json") as { facts: Record<string, Record<string, unknown>> };
    f.facts.amount = "-5" as never;
    (f.facts.to as Record<string, unknown>).wallet = "0x123";
    (f.facts.to as Record<string, unknown>).kyc = { status: "OK" };
    delete (f.facts.from as Record<string, unknown>).lots;
    f.facts.date = "2025-02-30" as never;
    const r = await run(["check", file("bad.json", f)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error INVALID_COMPLIANCE_FACTS: Invalid transfer facts: /);
    const issues = (JSON.parse(r.err.slice(r.err.indexOf("{"))) as { issues: { path: string }[] }).issues;
    // A date gets two issues (not ISO, not a real day): compare the set of paths.
    assert.deepEqual([...new Set(issues.map((i) => i.path))].sort(), [
      "facts.amount",
      "facts.date",
      "facts.from.lots",
      "facts.to.kyc.status",
      "facts.to.wallet",
    ]);
    const notObject = await run(["check", file("str.json", { kind: "issuance", facts: "hello" })]);
    assert.equal(notObject.code, 1);
    assert.match(notObject.err, /^error INVALID_COMPLIANCE_FACTS: Invalid issuance facts: facts: /);
  });

  test("a policy that fails its schema: INVALID_COMPLIANCE_POLICY, exit 1", async () => {
    const f = { ...exampleJson("issuance.json"), policy: { holderCaps: { total: -1 }, timeZone: 5 } };
    const r = await run(["check", file("badpolicy.json", f)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error INVALID_COMPLIANCE_POLICY: /);
    assert.match(r.err, /"path":"policy\.holderCaps\.total"/);
    assert.match(r.err, /"path":"policy\.timeZone"/);
    const viaFlag = await run([
      "check",
      example("issuance.json"),
      "--policy",
      file("p.json", { monthOverflow: "x" }),
    ]);
    assert.equal(viaFlag.code, 1);
    assert.match(viaFlag.err, /"path":"monthOverflow"/);
  });

  test("bad files and usage: exit 2 with error USAGE and a stable reason", async () => {
    const cases: [string[], RegExp][] = [
      [["check", "nope.json"], /nope\.json: no such file .*"reason":"FILE_NOT_FOUND"/],
      [["check", file("broken.json", "{ kind: transfer")], /not valid JSON .*"reason":"INVALID_JSON"/],
      [
        ["check", file("arr.json", [])],
        /not a compliance check file: an array .*"reason":"NOT_A_CHECK_FILE"/,
      ],
      [
        ["check", file("typo.json", { kind: "transfer", facts: {}, polcy: {} })],
        /unknown key\(s\) "polcy" .*NOT_A_CHECK_FILE/,
      ],
      [["check", file("nofacts.json", { kind: "transfer" })], /"facts" is missing/],
      [
        ["check", file("kind.json", { kind: "redemption", facts: {} })],
        /"kind" must be "transfer" or "issuance", got "redemption" .*UNKNOWN_KIND/,
      ],
      [["check", file("nokind.json", { facts: {} })], /got nothing/],
      [["check"], /give the facts file/],
      [["check", "a.json", "b.json"], /one facts file, got 2/],
      [["check", example("issuance.json"), "--bogus"], /compliance check: Unknown option '--bogus'/],
      [
        ["check", example("issuance.json"), "--policy"],
        /compliance check: Option '--policy <value>' argument missing/,
      ],
      [
        ["check", example("issuance.json"), "--policy", "missing.json"],
        /--policy missing\.json: no such file/,
      ],
      [["12g"], /give the holders file/],
      [["12g", example("holders.json"), "--fail-on-deny"], /--fail-on-deny needs --trade/],
      [["schema", "bogus"], /unknown schema "bogus"/],
      [["schema", "toString"], /unknown schema "toString"/],
      [["frobnicate"], /unknown subcommand "frobnicate"/],
      [["constructor"], /unknown subcommand "constructor"/],
      [[], /name a subcommand/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv);
      assert.equal(r.code, 2, `${argv.join(" ")}: ${r.err}`);
      assert.match(r.err, /^error USAGE: /, argv.join(" "));
      assert.match(r.err, pattern, argv.join(" "));
      assert.equal(r.out, "", argv.join(" "));
    }
  });

  test("with --json an error is also one JSON object on stdout", async () => {
    const r = await run(["check", "nope.json", "--json"]);
    assert.equal(r.code, 2);
    const o = JSON.parse(r.out) as { error: { code: string; details: { reason: string } } };
    assert.equal(o.error.code, "USAGE");
    assert.equal(o.error.details.reason, "FILE_NOT_FOUND");
    const bad = await run(["check", file("bad2.json", { kind: "transfer", facts: {} }), "--json"]);
    assert.equal(bad.code, 1);
    const e = (JSON.parse(bad.out) as { error: { code: string; details: { issues: { path: string }[] } } })
      .error;
    assert.equal(e.code, "INVALID_COMPLIANCE_FACTS");
    assert.ok(e.details.issues.some((i) => i.path === "facts.from"));
  });
});

describe("coinscious compliance 12g: bad input", () => {
  test("a holders file that fails its schema: TWELVE_G_INPUT_INVALID, exit 1, every path", async () => {
    const h = exampleJson("holders.json") as { holders: Record<string, unknown>[]; asOf: unknown };
    h.asOf = "yesterday";
    (h.holders[0] as Record<string, unknown>).kind = "robot";
    (h.holders[2] as { lots: { qty: string }[] }).lots[0] = { qty: "1.5" };
    const r = await run(["12g", file("badholders.json", h)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error TWELVE_G_INPUT_INVALID: Invalid 12\(g\) holders file: 3 issue\(s\)/);
    const paths = (JSON.parse(r.err.slice(r.err.indexOf("{"))) as { issues: { path: string }[] }).issues.map(
      (i) => i.path,
    );
    assert.deepEqual(paths.sort(), ["asOf", "holders.0.kind", "holders.2.lots.0.qty"]);
  });

  test("a trade from someone who is not a holder: TWELVE_G_TRADE_INVALID, exit 1", async () => {
    const trade = { ...exampleJson("trade.json"), from: { kind: "natural", personId: "zed" } };
    const r = await run(["12g", example("holders.json"), "--trade", file("stranger.json", trade)]);
    assert.equal(r.code, 1);
    assert.match(r.err, /^error TWELVE_G_TRADE_INVALID: /);
    const bad = await run(["12g", example("holders.json"), "--trade", file("badtrade.json", { lots: [] })]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^error TWELVE_G_INPUT_INVALID: Invalid 12\(g\) trade/);
  });
});

describe("coinscious compliance schema", () => {
  test("every schema is a JSON Schema; `check` wraps the facts and policy schemas", async () => {
    for (const name of ["check", "transfer", "issuance", "policy", "12g", "12g-trade"]) {
      const r = await run(["schema", name]);
      assert.equal(r.code, 0, r.err);
      const s = JSON.parse(r.out) as { $schema: string; type: string };
      assert.equal(s.$schema, "https://json-schema.org/draft/2020-12/schema", name);
      assert.equal(s.type, "object", name);
    }
    const check = JSON.parse((await run(["schema", "check", "--json"])).out) as {
      required: string[];
      properties: { kind: { enum: string[] }; policy: { properties: Record<string, unknown> } };
      oneOf: { properties: { facts: { required: string[] } } }[];
    };
    assert.deepEqual(check.required, ["kind", "facts"]);
    assert.deepEqual(check.properties.kind.enum, ["transfer", "issuance"]);
    assert.ok("holderCaps" in check.properties.policy.properties);
    assert.ok(check.oneOf[0]?.properties.facts.required.includes("from"));
    assert.ok(check.oneOf[1]?.properties.facts.required.includes("offering"));
  });

  test("--help documents the file shape and the exit codes", async () => {
    const r = await run(["--help"]);
    assert.equal(r.code, 0);
    for (const s of ['"kind": "transfer" | "issuance"', "--fail-on-deny", "Exit codes", "12g-trade"])
      assert.ok(r.out.includes(s), s);
  });
});
