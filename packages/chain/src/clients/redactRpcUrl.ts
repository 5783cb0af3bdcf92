/** A path segment that looks like an API key or token (Alchemy `/v2/<key>`, Infura `/v3/<id>`, QuickNode). */
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{16,}$/;

/**
 * An RPC URL safe to print in logs and error messages: credentials, query values and key-like path segments
 * become `***`. Providers put API keys in all three places.
 *
 * @example
 * redactRpcUrl("https://base-mainnet.g.alchemy.com/v2/Abc123Abc123Abc123Abc123") // "https://base-mainnet.g.alchemy.com/v2/***"
 * redactRpcUrl("http://127.0.0.1:41235") // "http://127.0.0.1:41235"
 */
export function redactRpcUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<malformed URL>";
  }
  if (parsed.username !== "" || parsed.password !== "") {
    parsed.username = "***";
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "***");
  parsed.pathname = parsed.pathname
    .split("/")
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? "***" : segment))
    .join("/");
  // URL.toString() adds a trailing slash to a bare origin; keep the caller's form.
  const text = parsed.toString().replaceAll("%2A%2A%2A", "***");
  return url.endsWith("/") || parsed.pathname !== "/" ? text : text.replace(/\/$/, "");
}
