import { createReadStream } from "node:fs";
import { SanctionsListFetchError } from "./errors.ts";

export type OpenSanctionsSourceParameters = {
  /** A file path, or an `http:` / `https:` URL (e.g. https://www.treasury.gov/ofac/downloads/sdn.xml, §4.2). */
  source: string | URL;
  /** Injected for tests and proxies; default the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Whole download, headers and body. Default 120 000 ms. */
  timeoutMs?: number;
  /** Refuse larger files (a runaway response). Default 512 MiB; SDN_ADVANCED.XML is ~100 MB. */
  maxBytes?: number;
};

export type OpenSanctionsSourceReturnType = {
  /** The raw bytes, in pieces. Read errors surface as `SANCTIONS_LIST_FETCH_FAILED` while iterating. */
  chunks: AsyncIterable<Uint8Array>;
  /** The path, or the URL without credentials, query or fragment (safe to store and log). */
  location: string;
  /** HTTP `Last-Modified`, when the server sent one. */
  lastModified: Date | undefined;
};

/**
 * Opens a list file from disk or over http(s), streaming: nothing is held in memory but the current piece.
 *
 * @throws {SanctionsListFetchError} `SANCTIONS_LIST_FETCH_FAILED` — another URL scheme, an HTTP error status,
 *   a network failure, the timeout, or more than `maxBytes` (thrown while reading for files).
 * @example
 * const { chunks, location } = await openSanctionsSource({ source: "https://www.treasury.gov/ofac/downloads/sdn.xml" });
 * for await (const bytes of chunks) hash.update(bytes);
 */
export async function openSanctionsSource(
  parameters: OpenSanctionsSourceParameters,
): Promise<OpenSanctionsSourceReturnType> {
  const { source, timeoutMs = 120_000, maxBytes = 512 * 1024 * 1024 } = parameters;
  const url = asUrl(source);
  if (url === undefined) {
    const path = String(source);
    return { chunks: limit(fileChunks(path), maxBytes, path), location: path, lastModified: undefined };
  }
  const location = `${url.origin}${url.pathname}`;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SanctionsListFetchError(`Unsupported URL scheme ${url.protocol}`, { location });
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (parameters.fetch ?? globalThis.fetch)(url, { signal, redirect: "follow" });
  } catch (error) {
    throw new SanctionsListFetchError(`Could not fetch ${location}`, { location, timeoutMs }, error);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => {});
    throw new SanctionsListFetchError(`${location} answered HTTP ${response.status}`, {
      location,
      status: response.status,
    });
  }
  const header = response.headers.get("last-modified");
  const lastModified = header === null || Number.isNaN(Date.parse(header)) ? undefined : new Date(header);
  const body = response.body;
  async function* bodyChunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) yield chunk;
    } catch (error) {
      throw new SanctionsListFetchError(`Reading ${location} failed`, { location, timeoutMs }, error);
    }
  }
  return { chunks: limit(bodyChunks(), maxBytes, location), location, lastModified };
}

/** A URL when `source` is one (scheme + ":"; a Windows drive letter is a path), else undefined. */
function asUrl(source: string | URL): URL | undefined {
  if (source instanceof URL) return source;
  if (!/^[a-z][a-z0-9+.-]+:/i.test(source)) return undefined;
  try {
    return new URL(source);
  } catch {
    return undefined;
  }
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
  } catch (error) {
    throw new SanctionsListFetchError(`Could not read ${path}`, { location: path }, error);
  }
}

async function* limit(chunks: AsyncIterable<Uint8Array>, maxBytes: number, location: string) {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes)
      throw new SanctionsListFetchError(`${location} exceeds ${maxBytes} bytes`, { location });
    yield chunk;
  }
}
