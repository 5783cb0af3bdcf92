import { type Address, type Hex, parseAbi } from "viem";
import type { ChainPublicClient } from "../types.ts";
import { InsufficientFundsError } from "./errors.ts";
import type { DeployLog } from "./types.ts";

/** One transaction the run still has to send: its gas budget and, for deployments, its calldata. */
export type PendingTransaction = { step: string; gas: bigint; data?: Hex };

/** OP-stack predeploy that prices the L1 data fee (Base, Base Sepolia). */
const GAS_PRICE_ORACLE: Address = "0x420000000000000000000000000000000000000F";
const gasPriceOracleAbi = parseAbi([
  "function getL1FeeUpperBound(uint256 unsignedTxSize) view returns (uint256)",
]);

/**
 * Checks, before the first transaction, that the deployer can pay for the transactions still to send:
 * Σ gas budget × current `maxFeePerGas`, plus on OP-stack networks (`opStack`) the L1 data fee upper bound of
 * each transaction's calldata. Throws `INSUFFICIENT_FUNDS` with `needed` and `available` (wei) — a run that
 * stops half-way for lack of gas would resume fine, but it is better not to start.
 *
 * @example
 * await assertSufficientFunds(publicClient, { deployer, pending, opStack: network.public, log });
 */
export async function assertSufficientFunds(
  publicClient: ChainPublicClient,
  p: { deployer: Address; pending: readonly PendingTransaction[]; opStack: boolean; log: DeployLog },
): Promise<{ needed: bigint; available: bigint }> {
  const available = await publicClient.getBalance({ address: p.deployer });
  if (p.pending.length === 0) return { needed: 0n, available };
  const gas = p.pending.reduce((sum, t) => sum + t.gas, 0n);
  const { maxFeePerGas } = await publicClient.estimateFeesPerGas();
  let needed = gas * maxFeePerGas;
  if (p.opStack) needed += await l1DataFees(publicClient, p.pending, p.log);
  p.log({
    type: "info",
    message: "funds check",
    details: {
      transactions: p.pending.length,
      gas: gas.toString(),
      needed: needed.toString(),
      available: available.toString(),
    },
  });
  if (available < needed) throw new InsufficientFundsError(p.deployer, needed, available, gas, maxFeePerGas);
  return { needed, available };
}

async function l1DataFees(
  publicClient: ChainPublicClient,
  pending: readonly PendingTransaction[],
  log: DeployLog,
): Promise<bigint> {
  try {
    const fees = await Promise.all(
      pending.map((t) =>
        publicClient.readContract({
          address: GAS_PRICE_ORACLE,
          abi: gasPriceOracleAbi,
          functionName: "getL1FeeUpperBound",
          // ~120 bytes of signed-transaction envelope around the calldata.
          args: [BigInt(((t.data?.length ?? 2) - 2) / 2 + 120)],
        }),
      ),
    );
    return fees.reduce((a, b) => a + b, 0n);
  } catch (cause) {
    log({
      type: "warn",
      message: "L1 data fee not included in the funds check (GasPriceOracle unavailable)",
      details: { cause: String(cause) },
    });
    return 0n;
  }
}
