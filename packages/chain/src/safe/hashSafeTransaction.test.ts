import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { type Address, concat, getAddress, type Hex, toHex } from "viem";
import { safeAbi } from "./abis.ts";
import { hashSafeTransaction } from "./hashSafeTransaction.ts";
import { recoverSafeSigner } from "./recoverSafeSigner.ts";
import { type SafeDevnet, startSafeDevnet } from "./safeFixture.ts";
import { signSafeTransaction } from "./signSafeTransaction.ts";
import type { SafeTransaction } from "./types.ts";

const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const small = fc.bigInt({ min: 0n, max: 10n ** 9n });
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(toHex(b)) as Address);
const safeTransaction: fc.Arbitrary<SafeTransaction> = fc.record({
  to: address,
  value: fc.oneof(small, uint256),
  data: fc.uint8Array({ maxLength: 300 }).map((b) => toHex(b)),
  operation: fc.constantFrom(0 as const, 1 as const),
  safeTxGas: fc.oneof(small, uint256),
  baseGas: fc.oneof(small, uint256),
  gasPrice: fc.oneof(small, uint256),
  gasToken: address,
  refundReceiver: address,
  nonce: fc.oneof(small, uint256),
});

describe("hashSafeTransaction against the Safe contract", () => {
  let d: SafeDevnet;
  before(async () => {
    d = await startSafeDevnet();
  });
  after(async () => {
    await d?.stop();
  });

  it("equals getTransactionHash, and two owners' signatures pass checkNSignatures (50 random transactions)", async () => {
    await fc.assert(
      fc.asyncProperty(
        safeTransaction,
        fc.constantFrom<[0 | 1 | 2, 0 | 1 | 2]>([0, 1], [2, 0], [1, 2]),
        async (tx, pair) => {
          const safeTxHash = hashSafeTransaction({ chainId: d.chainId, safe: d.safe, tx });
          const onChain = await d.publicClient.readContract({
            address: d.safe,
            abi: safeAbi,
            functionName: "getTransactionHash",
            args: [
              tx.to,
              tx.value,
              tx.data,
              tx.operation,
              tx.safeTxGas,
              tx.baseGas,
              tx.gasPrice,
              tx.gasToken,
              tx.refundReceiver,
              tx.nonce,
            ],
          });
          assert.equal(onChain, safeTxHash);

          const signed = await Promise.all(
            pair.map(async (i) => {
              const signature = await signSafeTransaction(d.owners[i], {
                chainId: d.chainId,
                safe: d.safe,
                tx,
              });
              const recovered = await recoverSafeSigner(safeTxHash, signature);
              assert.equal(recovered.signer, d.owners[i].address);
              return recovered;
            }),
          );
          const packed: Hex = concat(
            signed.sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1)).map((s) => s.signature),
          );
          // Reverts (GS026 …) unless the Safe itself accepts the signatures for this hash.
          await d.publicClient.readContract({
            address: d.safe,
            abi: safeAbi,
            functionName: "checkNSignatures",
            args: [safeTxHash, "0x", packed, 2n],
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
