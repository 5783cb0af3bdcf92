import { type Logger, pino } from "pino";
import { UsageError } from "./errors.ts";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export type CreateLoggerParameters = {
  /** pino level; default "info". */
  level?: string;
  /** Where each JSON line goes (stderr for commands; a test's buffer). */
  write: (line: string) => void;
};

/**
 * The CLI's structured logger: pino JSON lines (time, level, msg, fields) on the given sink — stderr for the
 * commands, so stdout stays for results and `--progress json`. Secrets and personal data are never passed to it.
 * Fields named like credentials are redacted as a second line of defence.
 *
 * @example
 * const logger = createLogger({ level: "info", write: io.err });
 * logger.info({ blockNumber: 12 }, "caught up");
 */
export function createLogger(params: CreateLoggerParameters): Logger {
  const level = params.level ?? "info";
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level must be one of ${LEVELS.join(", ")}, got "${level}"`);
  }
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: {
        paths: ["privateKey", "password", "*.privateKey", "*.password", "databaseUrl"],
        censor: "[redacted]",
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (chunk: string) => params.write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) },
  );
}
