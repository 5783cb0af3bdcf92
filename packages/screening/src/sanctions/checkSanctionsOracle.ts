import { type Address, getAddress, type PublicClient } from "viem";
import { sanctionsOracleAbi } from "./sanctionsOracleAbi.ts";

export type CheckSanctionsOracleParameters = {
  /** The oracle: `SANCTIONS_ORACLE_ADDRESSES[8453]` on Base, the mock's address on the devnet. */
  oracle: Address;
  address: Address;
  /** Give up after this long, retries of the transport included. Default 5 000 ms. */
  timeoutMs?: number;
};

export type OracleCheckResult = {
  oracle: Address;
  address: Address;
  /** STALE: unreachable, reverted, no contract, a malformed answer or the timeout — never CLEAR (§4.3). */
  status: "SANCTIONED" | "CLEAR" | "STALE";
  /** Why STALE: the error's name and short message (no RPC URL: viem's messages can carry it, so it is cut). */
  error?: { name: string; message: string };
};

/**
 * Asks the Chainalysis sanctions oracle (§4.3) `isSanctioned(address)` through viem. Defence in depth only — the
 * oracle lags OFAC at times, the primary control is the SDN ingest — and it fails closed: every failure is STALE,
 * which screening never reads as clean ("Oracle unreachable → SANCTIONS_DATA_STALE"). Never throws.
 *
 * @example
 * const r = await checkSanctionsOracle(publicClient, { oracle: SANCTIONS_ORACLE_ADDRESSES[8453], address: wallet });
 * if (r.status !== "CLEAR") deny(r.status === "SANCTIONED" ? 31 : 32);
 */
export async function checkSanctionsOracle(
  client: Pick<PublicClient, "readContract">,
  parameters: CheckSanctionsOracleParameters,
): Promise<OracleCheckResult> {
  const { timeoutMs = 5_000 } = parameters;
  const oracle = getAddress(parameters.oracle);
  const address = getAddress(parameters.address);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OracleTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    const listed = await Promise.race([
      client.readContract({
        address: oracle,
        abi: sanctionsOracleAbi,
        functionName: "isSanctioned",
        args: [address],
      }),
      timeout,
    ]);
    if (typeof listed !== "boolean") return stale(oracle, address, new TypeError("not a boolean"));
    return { oracle, address, status: listed ? "SANCTIONED" : "CLEAR" };
  } catch (error) {
    return stale(oracle, address, error);
  } finally {
    clearTimeout(timer);
  }
}

class OracleTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "OracleTimeoutError";
  }
}

function stale(oracle: Address, address: Address, error: unknown): OracleCheckResult {
  const e = error instanceof Error ? error : new Error(String(error));
  const short = (e as { shortMessage?: string }).shortMessage ?? e.message;
  return {
    oracle,
    address,
    status: "STALE",
    error: { name: e.name, message: short.split("\n")[0]?.slice(0, 200) ?? "" },
  };
}
