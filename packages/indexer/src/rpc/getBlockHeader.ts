import { type Hex, hexToBigInt, numberToHex } from "viem";
import { backoffDelay } from "../common/backoffDelay.ts";
import { sleep } from "../common/sleep.ts";
import { IndexerRpcError } from "../errors/errors.ts";
import type { BlockHeader } from "../sync/types.ts";
import { type RequestRpcOptions, type RpcClient, requestRpc } from "./requestRpc.ts";

type RpcBlock = {
  number: Hex | null;
  hash: Hex | null;
  parentHash: Hex;
  timestamp: Hex;
  logsBloom?: Hex | null;
};

export type GetBlockHeaderParameters =
  | { blockNumber: bigint }
  | { blockTag: "latest" | "finalized" | "safe" };

/**
 * Reads one block header (`eth_getBlockByNumber` without transactions). A `null` answer — a node behind a
 * load balancer that has not seen the block yet — is retried like a `block_not_found` error.
 *
 * @throws {IndexerRpcError} retryable when the node still does not have the block after the retries.
 *
 * @example
 * const head = await getBlockHeader(publicClient, { blockTag: "latest" });
 * const parent = await getBlockHeader(publicClient, { blockNumber: head.number - 1n });
 */
export async function getBlockHeader(
  client: RpcClient,
  params: GetBlockHeaderParameters,
  options: RequestRpcOptions = {},
): Promise<BlockHeader> {
  const id = "blockTag" in params ? params.blockTag : numberToHex(params.blockNumber);
  const retries = options.retries ?? 4;
  for (let attempt = 0; ; attempt++) {
    const block = await requestRpc<RpcBlock | null>(client, "eth_getBlockByNumber", [id, false], options);
    if (block !== null && block.hash !== null && block.number !== null) {
      return {
        number: hexToBigInt(block.number),
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: hexToBigInt(block.timestamp),
        logsBloom: block.logsBloom ?? undefined,
      };
    }
    options.metrics?.rpcErrorsTotal.inc({ method: "eth_getBlockByNumber", kind: "block_not_found" });
    if (attempt >= retries || options.signal?.aborted)
      throw new IndexerRpcError({
        method: "eth_getBlockByNumber",
        kind: "block_not_found",
        retryable: true,
        cause: new Error(`block ${id} not found`),
      });
    await sleep(backoffDelay(attempt + 1, { baseDelayMs: options.retryDelayMs ?? 250 }), options.signal);
  }
}
