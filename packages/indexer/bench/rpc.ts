/** A minimal JSON-RPC client over fetch (keep-alive), with batches: the generator sends thousands of calls. */

export type RpcRequest = { method: string; params?: unknown[] };

type RpcResponse = {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};

export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method}: ${message} (code ${rpcCode})`);
  }
}

export class Rpc {
  private nextId = 1;
  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result as T;
  }

  /** Sends all requests in one HTTP request; throws the first error (results are in request order). */
  async batch<T = unknown>(requests: readonly RpcRequest[]): Promise<T[]> {
    if (requests.length === 0) return [];
    const first = this.nextId;
    this.nextId += requests.length;
    const body = requests.map((r, i) => ({
      jsonrpc: "2.0",
      id: first + i,
      method: r.method,
      params: r.params ?? [],
    }));
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`RPC ${this.url}: HTTP ${res.status} ${await res.text()}`);
    const parsed = (await res.json()) as RpcResponse[] | RpcResponse;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const out = new Array<T>(requests.length);
    const seen = new Array<boolean>(requests.length).fill(false);
    for (const r of list) {
      const i = r.id - first;
      const request = requests[i];
      if (request === undefined) throw new Error(`RPC: unexpected response id ${r.id}`);
      if (r.error) throw new RpcError(request.method, r.error.code, r.error.message, r.error.data);
      out[i] = r.result as T;
      seen[i] = true;
    }
    const missing = seen.indexOf(false);
    if (missing !== -1) throw new Error(`RPC: no response for ${requests[missing]?.method}`);
    return out;
  }

  /** Splits a large batch into chunks sent one after the other. */
  async batchChunked<T = unknown>(requests: readonly RpcRequest[], chunk = 500): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < requests.length; i += chunk)
      out.push(...(await this.batch<T>(requests.slice(i, i + chunk))));
    return out;
  }

  async blockNumber(): Promise<bigint> {
    return BigInt(await this.call<string>("eth_blockNumber"));
  }
}

export const hex = (n: bigint | number): `0x${string}` => `0x${n.toString(16)}`;
