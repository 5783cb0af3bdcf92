import type { ConnectionFlags } from "../context.ts";

/** The connection flags out of `parseArgs` values. */
export function connectionFlags(values: Record<string, unknown>): ConnectionFlags {
  const pick = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const out: ConnectionFlags = {};
  const network = pick("network");
  const rpcUrl = pick("rpc-url");
  const rpcUrlBackup = pick("rpc-url-backup");
  const devAccount = pick("dev-account");
  if (network !== undefined) out.network = network;
  if (rpcUrl !== undefined) out.rpcUrl = rpcUrl;
  if (rpcUrlBackup !== undefined) out.rpcUrlBackup = rpcUrlBackup;
  if (devAccount !== undefined) out.devAccount = devAccount;
  return out;
}
