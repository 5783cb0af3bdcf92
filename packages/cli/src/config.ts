import { resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "./errors.ts";

export const NETWORKS = ["devnet", "base-sepolia", "base"] as const;
export type NetworkName = (typeof NETWORKS)[number];

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = optionalString.refine(
  (v) => v === undefined || /^https?:\/\/\S+$/.test(v),
  "must be an http(s) URL",
);

/** The environment variables the CLI reads (documented in .env.example). */
const EnvSchema = z.object({
  COINSCIOUS_NETWORK: optionalString,
  COINSCIOUS_HOME: optionalString,
  RPC_URL: url,
  RPC_URL_BACKUP: url,
  PRIVATE_KEY: optionalString.refine(
    (v) => v === undefined || /^(0x)?[0-9a-fA-F]{64}$/.test(v),
    "must be 32 bytes of hex",
  ),
  KEYSTORE_PATH: optionalString,
  KEYSTORE_PASSWORD_FILE: optionalString,
  DATABASE_URL: optionalString,
  REDIS_URL: optionalString,
});

export type Config = {
  network: NetworkName;
  /** Where the CLI keeps local state: devnet chain, proposals, dev.json. */
  home: string;
  /** Folder under which deployment manifests are written (`<manifestDir>/deployments/<chainId>.json`). */
  manifestDir: string;
  rpcUrl: string | undefined;
  rpcUrlBackup: string | undefined;
  /** Secret: never logged. */
  privateKey: `0x${string}` | undefined;
  keystorePath: string | undefined;
  keystorePasswordFile: string | undefined;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
};

/**
 * Reads the configuration once, from the environment and the command's flags (flags win). Values are checked
 * here so that a library never sees a malformed one; messages name the variable, never the secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: { network?: string; cwd?: string } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`, {
      variable: String(issue?.path[0]),
    });
  }
  const e = parsed.data;
  const network = flags.network ?? e.COINSCIOUS_NETWORK ?? "devnet";
  if (!(NETWORKS as readonly string[]).includes(network)) {
    throw new UsageError(`unknown network "${network}" (expected one of: ${NETWORKS.join(", ")})`, {
      network,
    });
  }
  const cwd = flags.cwd ?? process.cwd();
  const key = e.PRIVATE_KEY;
  return {
    network: network as NetworkName,
    home: resolve(cwd, e.COINSCIOUS_HOME ?? ".coinscious"),
    manifestDir: resolve(cwd),
    rpcUrl: e.RPC_URL,
    rpcUrlBackup: e.RPC_URL_BACKUP,
    privateKey: key === undefined ? undefined : ((key.startsWith("0x") ? key : `0x${key}`) as `0x${string}`),
    keystorePath: e.KEYSTORE_PATH,
    keystorePasswordFile: e.KEYSTORE_PASSWORD_FILE,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
  };
}
