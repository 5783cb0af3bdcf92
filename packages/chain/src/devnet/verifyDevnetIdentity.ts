import { randomBytes } from "node:crypto";
import { DevnetIdentityError } from "./errors.ts";

async function rpc(url: string, method: string, params: unknown[], timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message ?? "error"}`);
  return body.result;
}

/**
 * Proves that the node on `rpcUrl` is the anvil just started, not another process that holds or grabbed the
 * port: it must say it is anvil, serve `chainId`, and accept an instance marker — a random coinbase set and
 * read back — that no other node can know. The original coinbase is restored, so the marker never lingers
 * in the saved state (a random funded address would: hence not `anvil_setBalance`).
 *
 * @throws {DevnetIdentityError} `DEVNET_IDENTITY_MISMATCH`
 *
 * @example
 * await verifyDevnetIdentity({ rpcUrl: "http://127.0.0.1:41235", chainId: 31337 });
 */
export async function verifyDevnetIdentity(params: {
  rpcUrl: string;
  chainId: number;
  timeoutMs?: number;
}): Promise<void> {
  const { rpcUrl, chainId, timeoutMs = 5_000 } = params;
  try {
    const client = await rpc(rpcUrl, "web3_clientVersion", [], timeoutMs);
    if (typeof client !== "string" || !client.startsWith("anvil/"))
      throw new DevnetIdentityError("not an anvil node", { rpcUrl, client });
    const actual = Number(await rpc(rpcUrl, "eth_chainId", [], timeoutMs));
    if (actual !== chainId)
      throw new DevnetIdentityError("wrong chain id", { rpcUrl, expected: chainId, actual });
    const original = await rpc(rpcUrl, "eth_coinbase", [], timeoutMs);
    const marker = `0x${randomBytes(20).toString("hex")}`;
    await rpc(rpcUrl, "anvil_setCoinbase", [marker], timeoutMs);
    const seen = await rpc(rpcUrl, "eth_coinbase", [], timeoutMs);
    await rpc(rpcUrl, "anvil_setCoinbase", [original], timeoutMs);
    if (typeof seen !== "string" || seen.toLowerCase() !== marker)
      throw new DevnetIdentityError("the instance marker did not round-trip", { rpcUrl });
  } catch (error) {
    if (error instanceof DevnetIdentityError) throw error;
    throw new DevnetIdentityError("it does not answer anvil's RPC", {
      rpcUrl,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
