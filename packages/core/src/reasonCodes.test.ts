import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CoinsciousError } from "./errors.ts";
import {
  ForcedTransferReason,
  findForcedTransferReason,
  forcedTransferReasons,
} from "./forcedTransferReasons.ts";
import {
  findReasonCode,
  getReasonCode,
  ReasonCode,
  reasonCodes,
  UnknownReasonCodeError,
} from "./reasonCodes.ts";

// The Solidity side of the registry, read as text: this package imports nothing internal.
const solidityPath = fileURLToPath(
  new URL("../../contracts/contracts/libraries/ReasonCodes.sol", import.meta.url),
);
const solidity = readFileSync(solidityPath, "utf8");

function solidityConstants(): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of solidity.matchAll(/uint8 internal constant ([A-Z0-9_]+) = (\d+);/g)) {
    out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

function solidityMessages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of solidity.matchAll(/if \(code == ([A-Z0-9_]+)\) return "([^"]*)";/g))
    out.set(m[1] as string, m[2] as string);
  return out;
}

describe("reason-code registry", () => {
  test("codes and names are unique, names SCREAMING_SNAKE, codes fit uint8, ordered by code", () => {
    const codes = reasonCodes.map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(new Set(reasonCodes.map((r) => r.name)).size, codes.length);
    assert.deepEqual(
      codes,
      [...codes].sort((a, b) => a - b),
    );
    for (const r of reasonCodes) {
      assert.match(r.name, /^[A-Z][A-Z0-9_]*$/);
      assert.ok(Number.isInteger(r.code) && r.code >= 0 && r.code <= 255, r.name);
      assert.ok(r.title.length > 0 && r.action.length > 0, r.name);
    }
  });

  test("holds the codes of compliance-rules.md §6.1 with their numbers", () => {
    const expected: Record<string, number> = {
      OK: 0,
      TRANSFER_FROZEN: 10,
      STOP_ORDER: 11,
      WALLET_NOT_WHITELISTED_FROM: 20,
      WALLET_NOT_WHITELISTED_TO: 21,
      SANCTIONS_FROM: 30,
      SANCTIONS_TO: 31,
      SANCTIONS_DATA_STALE: 32,
      KYC_MISSING_FROM: 40,
      KYC_MISSING_TO: 41,
      KYC_PENDING: 42,
      KYC_REJECTED: 43,
      KYC_EXPIRED_FROM: 44,
      KYC_EXPIRED_TO: 45,
      JURISDICTION_BLOCKED: 50,
      ACCREDITATION_REQUIRED: 60,
      ACCREDITATION_EXPIRED: 61,
      ACCREDITATION_UNVERIFIED: 62,
      REG_D_506B_NONACCREDITED_CAP: 63,
      REG_D_SOPHISTICATION_MISSING: 64,
      HOLDING_PERIOD_144: 70,
      SHELL_COMPANY_144_UNAVAILABLE: 71,
      AFFILIATE_VOLUME_LIMIT: 72,
      FORM_144_REQUIRED: 73,
      CLASS_OUTSTANDING_LT_90D: 74,
      QIB_REQUIRED: 80,
      REG_CF_RESALE_RESTRICTED: 90,
      REG_CF_INVESTMENT_LIMIT: 91,
      REG_CF_ISSUER_CAP: 92,
      REG_A_TIER2_INVESTMENT_LIMIT: 95,
      REG_A_TIER_CAP: 96,
      REG_S_DCP_US_PERSON: 100,
      REG_S_CERTIFICATION_MISSING: 101,
      HOLDER_LIMIT_TOTAL: 110,
      HOLDER_LIMIT_NON_ACCREDITED: 111,
      INSUFFICIENT_UNRESTRICTED_BALANCE: 120,
    };
    for (const [name, code] of Object.entries(expected)) {
      assert.equal(ReasonCode[name as keyof typeof ReasonCode], code, name);
    }
  });

  test("the Solidity ReasonCodes library uses exactly the on-chain codes, numbers and titles", () => {
    const constants = solidityConstants();
    const messages = solidityMessages();
    assert.ok(constants.size > 10, "parsed the Solidity constants");
    const onChain = reasonCodes.filter((r) => r.onChain);
    assert.deepEqual(
      [...constants.entries()].sort((a, b) => a[1] - b[1]),
      onChain.map((r) => [r.name, r.code]),
      "Solidity constants == core codes marked onChain",
    );
    for (const r of onChain) assert.equal(messages.get(r.name), r.title, `title of ${r.name}`);
  });

  test("lookups", () => {
    assert.equal(getReasonCode(11).name, "STOP_ORDER");
    assert.equal(findReasonCode(12), undefined);
    assert.throws(
      () => getReasonCode(12),
      (e: unknown) =>
        e instanceof UnknownReasonCodeError &&
        e instanceof CoinsciousError &&
        e.code === "UNKNOWN_REASON_CODE",
    );
  });
});

describe("forced-transfer reasons", () => {
  test("non-zero, unique, uint8", () => {
    const codes = forcedTransferReasons.map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of codes) assert.ok(c > 0 && c <= 255);
    assert.equal(ForcedTransferReason.COURT_ORDER, 1);
    assert.equal(findForcedTransferReason(4)?.name, "LOST_WALLET");
    assert.equal(findForcedTransferReason(0), undefined);
  });
});
