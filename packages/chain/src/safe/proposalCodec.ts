import { type Address, getAddress, type Hex, isAddress, isHex } from "viem";
import { SafeError } from "./errors.ts";
import type { Proposal, ProposalSignature, ProposalStatus, SafeTransaction } from "./types.ts";

/** A `Proposal` as JSON: the transaction's uint256 fields as decimal strings (never JS numbers). */
export type ProposalJson = Omit<Proposal, "tx"> & {
  tx: Omit<SafeTransaction, "value" | "safeTxGas" | "baseGas" | "gasPrice" | "nonce"> & {
    value: string;
    safeTxGas: string;
    baseGas: string;
    gasPrice: string;
    nonce: string;
  };
};

const STATUSES: readonly ProposalStatus[] = ["pending", "executed", "replaced", "cancelled", "failed"];

/**
 * Turns a proposal into plain JSON (bigints as decimal strings), for files, jsonb columns and API responses.
 *
 * @example
 * JSON.stringify(serializeProposal(proposal));
 */
export function serializeProposal(proposal: Proposal): ProposalJson {
  const { tx } = proposal;
  return {
    ...proposal,
    signatures: proposal.signatures.map((s) => ({ ...s })),
    tx: {
      ...tx,
      value: tx.value.toString(),
      safeTxGas: tx.safeTxGas.toString(),
      baseGas: tx.baseGas.toString(),
      gasPrice: tx.gasPrice.toString(),
      nonce: tx.nonce.toString(),
    },
  };
}

/**
 * Parses and validates what `serializeProposal` produced. Throws `SafeError` `STORE_CORRUPT` naming the field.
 *
 * @example
 * const proposal = parseProposal(JSON.parse(text));
 */
export function parseProposal(json: unknown): Proposal {
  const o = object(json, "proposal");
  const tx = object(o.tx, "tx");
  const operation = tx.operation;
  if (operation !== 0 && operation !== 1) corrupt("tx.operation");
  const status = o.status as ProposalStatus;
  if (!STATUSES.includes(status)) corrupt("status");
  if (!Array.isArray(o.signatures)) corrupt("signatures");
  const proposal: Proposal = {
    id: hash(o.id, "id"),
    safe: address(o.safe, "safe"),
    chainId: integer(o.chainId, "chainId"),
    tx: {
      to: address(tx.to, "tx.to"),
      value: uint(tx.value, "tx.value"),
      data: hex(tx.data, "tx.data"),
      operation,
      safeTxGas: uint(tx.safeTxGas, "tx.safeTxGas"),
      baseGas: uint(tx.baseGas, "tx.baseGas"),
      gasPrice: uint(tx.gasPrice, "tx.gasPrice"),
      gasToken: address(tx.gasToken, "tx.gasToken"),
      refundReceiver: address(tx.refundReceiver, "tx.refundReceiver"),
      nonce: uint(tx.nonce, "tx.nonce"),
    },
    safeTxHash: hash(o.safeTxHash, "safeTxHash"),
    description: string(o.description, "description"),
    createdAt: string(o.createdAt, "createdAt"),
    signatures: (o.signatures as unknown[]).map((s, i): ProposalSignature => {
      const sig = object(s, `signatures[${i}]`);
      return {
        signer: address(sig.signer, `signatures[${i}].signer`),
        signature: hex(sig.signature, `signatures[${i}].signature`),
        addedAt: string(sig.addedAt, `signatures[${i}].addedAt`),
      };
    }),
    status,
    version: integer(o.version, "version"),
  };
  if (o.createdBy !== undefined) proposal.createdBy = string(o.createdBy, "createdBy");
  if (o.executedTxHash !== undefined) proposal.executedTxHash = hash(o.executedTxHash, "executedTxHash");
  if (o.replacedBy !== undefined) proposal.replacedBy = hash(o.replacedBy, "replacedBy");
  if (o.updatedAt !== undefined) proposal.updatedAt = string(o.updatedAt, "updatedAt");
  return proposal;
}

function corrupt(field: string): never {
  throw new SafeError("STORE_CORRUPT", `stored proposal has an invalid ${field}`, { details: { field } });
}
function object(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) corrupt(field);
  return v as Record<string, unknown>;
}
function string(v: unknown, field: string): string {
  if (typeof v !== "string") corrupt(field);
  return v;
}
function integer(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) corrupt(field);
  return v;
}
function uint(v: unknown, field: string): bigint {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]*)$/.test(v) || BigInt(v) >= 2n ** 256n) corrupt(field);
  return BigInt(v);
}
function hex(v: unknown, field: string): Hex {
  if (typeof v !== "string" || !isHex(v, { strict: true }) || v.length % 2 !== 0) corrupt(field);
  return v as Hex;
}
function hash(v: unknown, field: string): Hex {
  const h = hex(v, field);
  if (h.length !== 66) corrupt(field);
  return h.toLowerCase() as Hex;
}
function address(v: unknown, field: string): Address {
  if (typeof v !== "string" || !isAddress(v, { strict: false })) corrupt(field);
  return getAddress(v);
}
