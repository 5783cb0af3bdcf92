/**
 * Record-holder keys (Rule 12g5-1(a), §1.6 step 1) and the per-key flags the counts are read from. A key is a small
 * integer; its flags live in a `Uint8Array`, so counting a million holders is one pass over bytes. Keys come from
 * four namespaces, each an {@link IdTable} keyed by an id the input already holds (no per-holder string building,
 * except for joint registrations and chain-qualified wallets):
 * - person: a KYC'd natural person across all wallets and chains — 12g5-1(a)(6);
 * - joint: the set of co-owners of a joint registration, order-free — 12g5-1(a)(4);
 * - org: an entity, trust, estate, custodial account or custodian (one party-id space) — 12g5-1(a)(2), (a)(3);
 * - wallet: an unlinked wallet, one holder each — 12g5-1(a)(1), (a)(5).
 */
import { IdTable } from "./idTable.ts";
import type { TwelveGPolicy } from "./policy.ts";

export const NS_PERSON = 0;
export const NS_JOINT = 1;
export const NS_ORG = 2;
export const NS_WALLET = 3;

/** Per-key flag bits. The three exclusion bits are the lot exclusion bits shifted left by 4. */
export const HOLDS_UNITS = 1;
export const HOLDS_REGISTRATION_UNITS = 2;
export const HOLDS_DEREGISTRATION_UNITS = 4;
export const NOT_ACCREDITED = 8;
export const EXCLUSION_SHIFT = 4;
/** Some record (with or without units) was filed under the key: its accreditation bit is meaningful. */
export const HAS_RECORD = 128;

/** A party as far as its key is concerned (a holder record, a look-through member or a trade party). */
export type TwelveGKeyedParty =
  | { kind: "natural"; personId: string }
  | { kind: "joint"; coOwnerIds: readonly string[] }
  | { kind: "entity" | "trust" | "estate" | "custodial" | "omnibus"; partyId: string }
  | { kind: "unlinked_wallet"; address: string; chain: string };

/** The interned keys and, per key, what it holds (flags). */
export class HolderKeyTable {
  /** Key → the id it was interned under (shared by the four namespace tables: keys never overlap). */
  private readonly idOfKey: string[];
  private readonly person: IdTable;
  private readonly joint: IdTable;
  private readonly org: IdTable;
  private readonly wallet: IdTable;
  /** Namespace and flags of each key (capacity grows by doubling; `size` keys are live). */
  ns: Uint8Array;
  flags: Uint8Array;
  size = 0;
  /** Joint key → its co-owners' person keys; person key → the joint keys it co-owns. */
  readonly coOwners = new Map<number, number[]>();
  readonly jointsOf = new Map<number, number[]>();
  /** Unlinked wallet key → where it is. */
  readonly walletOf = new Map<number, { address: string; chain: string }>();

  constructor(
    private readonly walletKeyMode: TwelveGPolicy["unlinkedWalletKey"],
    capacityHint = 16,
  ) {
    this.idOfKey = [];
    this.person = new IdTable(capacityHint, this.idOfKey);
    this.joint = new IdTable(8, this.idOfKey);
    this.org = new IdTable(8, this.idOfKey);
    this.wallet = new IdTable(8, this.idOfKey);
    this.ns = new Uint8Array(Math.max(16, capacityHint));
    this.flags = new Uint8Array(Math.max(16, capacityHint));
  }

  /** The key of `party`, created when new. */
  intern(party: TwelveGKeyedParty): number {
    switch (party.kind) {
      case "natural":
        return this.internIn(this.person, party.personId, NS_PERSON);
      case "joint": {
        const k = this.internIn(this.joint, jointId(party.coOwnerIds), NS_JOINT);
        if (!this.coOwners.has(k)) {
          const owners = party.coOwnerIds.map((p) => this.internIn(this.person, p, NS_PERSON));
          this.coOwners.set(k, owners);
          for (const o of owners) {
            const list = this.jointsOf.get(o);
            if (list === undefined) this.jointsOf.set(o, [k]);
            else list.push(k);
          }
        }
        return k;
      }
      case "unlinked_wallet": {
        const k = this.internIn(this.wallet, walletId(party, this.walletKeyMode), NS_WALLET);
        if (!this.walletOf.has(k)) this.walletOf.set(k, { address: party.address, chain: party.chain });
        return k;
      }
      default:
        return this.internIn(this.org, party.partyId, NS_ORG);
    }
  }

  /** The key of `party` if it exists, else undefined (never creates one). */
  find(party: TwelveGKeyedParty): number | undefined {
    switch (party.kind) {
      case "natural":
        return this.person.get(party.personId);
      case "joint":
        return this.joint.get(jointId(party.coOwnerIds));
      case "unlinked_wallet":
        return this.wallet.get(walletId(party, this.walletKeyMode));
      default:
        return this.org.get(party.partyId);
    }
  }

  private internIn(table: IdTable, id: string, ns: number): number {
    const k = table.getOrInsert(id, this.size);
    if (k === this.size) {
      if (k === this.ns.length) {
        const grownNs = new Uint8Array(k * 2);
        grownNs.set(this.ns);
        this.ns = grownNs;
        const grownFlags = new Uint8Array(k * 2);
        grownFlags.set(this.flags);
        this.flags = grownFlags;
      }
      this.ns[k] = ns;
      this.size++;
    }
    return k;
  }
}

/** Rule 12g5-1(a)(4): co-owners form one holder whatever order they are listed in. */
export function jointId(coOwnerIds: readonly string[]): string {
  return [...coOwnerIds].sort().join("\u0000");
}

/**
 * Rule 12g5-1(a)(5): one holder per wallet. An EVM address is case-insensitive (EIP-55 is only a checksum), so it
 * is lower-cased; any other address format is kept as written (base58 is case-sensitive).
 */
export function walletId(
  w: { address: string; chain: string },
  mode: TwelveGPolicy["unlinkedWalletKey"],
): string {
  const address = /^0x[0-9a-fA-F]{40}$/.test(w.address) ? w.address.toLowerCase() : w.address;
  return mode === "address" ? address : `${w.chain}\u0000${address}`;
}
