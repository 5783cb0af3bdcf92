/**
 * Builders for 12(g) test inputs (tests only): plain objects in the parsed shape, so each test states just the
 * facts it is about.
 */
import { usdCents } from "./amounts.ts";
import type {
  TwelveGAccreditation,
  TwelveGHolderRecord,
  TwelveGInput,
  TwelveGIssuerFacts,
  TwelveGLot,
} from "./schemas.ts";

export const FYE = "2025-12-31";
export const ACCREDITED: TwelveGAccreditation = {
  status: "accredited",
  verifiedAt: "2025-01-01",
  expiresAt: "2026-06-30",
};

export function lot(qty: bigint | number = 100n, over: Partial<TwelveGLot> = {}): TwelveGLot {
  return { qty: BigInt(qty), exemption: "reg_d_506b", acquiredVia: "issuance", rule701c: false, ...over };
}

export function person(
  personId: string,
  over: { lots?: TwelveGLot[]; accreditation?: TwelveGAccreditation | undefined } = {},
): TwelveGHolderRecord {
  return { kind: "natural", personId, accreditation: over.accreditation, lots: over.lots ?? [lot()] };
}

export function joint(coOwnerIds: string[], lots: TwelveGLot[] = [lot()]): TwelveGHolderRecord {
  return { kind: "joint", coOwnerIds, lots };
}

export function org(
  kind: "entity" | "trust" | "estate" | "custodial" | "omnibus",
  partyId: string,
  over: Partial<Extract<TwelveGHolderRecord, { partyId: string }>> = {},
): TwelveGHolderRecord {
  return { kind, partyId, lots: [lot()], ...over };
}

export function wallet(address: string, chain = "base", lots: TwelveGLot[] = [lot(3n)]): TwelveGHolderRecord {
  return { kind: "unlinked_wallet", address, chain, lots };
}

/** `n` accredited (or not) natural persons with ids `${prefix}0…`. */
export function people(n: number, prefix = "p", accreditation?: TwelveGAccreditation): TwelveGHolderRecord[] {
  return Array.from({ length: n }, (_, i) => person(`${prefix}${i}`, { accreditation }));
}

export function issuer(over: Partial<TwelveGIssuerFacts> = {}): TwelveGIssuerFacts {
  return {
    bankLike: false,
    registered: false,
    transferAgentRegistered: true,
    totalAssets: [
      { fiscalYearEnd: "2024-12-31", usd: usdCents(12_000_000) },
      { fiscalYearEnd: FYE, usd: usdCents(12_000_000) },
    ],
    ...over,
  };
}

export function input(holders: TwelveGHolderRecord[], over: Partial<TwelveGInput> = {}): TwelveGInput {
  return { classId: "TEST", asOf: "2025-10-01", fiscalYearEnd: FYE, issuer: issuer(), holders, ...over };
}
