import { bigintJson, exitCodeOf, formatError, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { defaultIo } from "./io.ts";

/** A command: parses its own flags, calls one function, prints; returns the exit code. */
export type Command = {
  summary: string;
  usage: string;
  run: (argv: string[], io: Io) => Promise<number>;
};

const commands: Record<string, () => Promise<Command>> = {
  dev: async () => (await import("./commands/dev.ts")).devCommand,
  deploy: async () => (await import("./commands/deploy.ts")).deployCommand,
  propose: async () => (await import("./commands/propose.ts")).proposeCommand,
  sign: async () => (await import("./commands/sign.ts")).signCommand,
  cancel: async () => (await import("./commands/cancel.ts")).cancelCommand,
  execute: async () => (await import("./commands/execute.ts")).executeCommand,
  proposals: async () => (await import("./commands/proposals.ts")).proposalsCommand,
  send: async () => (await import("./commands/send.ts")).sendCommand,
  index: async () => (await import("./commands/indexChain.ts")).indexCommand,
  compliance: async () => (await import("./commands/compliance.ts")).complianceCommand,
};

async function help(io: Io): Promise<number> {
  const lines = ["usage: coinscious <command> [flags]", "", "commands:"];
  for (const [name, load] of Object.entries(commands))
    lines.push(`  ${name.padEnd(10)} ${(await load()).summary}`);
  lines.push("", "`coinscious <command> --help` shows a command's flags. Settings: see .env.example.");
  io.out(lines.join("\n"));
  return 0;
}

/**
 * Runs the `coinscious` command line and returns the exit code: 0 success, 1 a failure (printed as
 * `error CODE: message`), 2 bad usage. Nothing is thrown.
 *
 * @example
 * process.exitCode = await main(["deploy", "--network", "devnet"]);
 */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") return await help(io);
    const load = commands[name];
    if (!load) throw new UsageError(`unknown command "${name}" (see coinscious --help)`, { command: name });
    const command = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(`${command.summary}\n\nusage: ${command.usage}`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (err) {
    io.err(formatError(err));
    if (io.json) io.out(JSON.stringify({ error: errorJson(err) }, bigintJson));
    return exitCodeOf(err);
  }
}

function errorJson(err: unknown): unknown {
  if (err && typeof err === "object" && "toJSON" in err && typeof err.toJSON === "function")
    return err.toJSON();
  return { code: "INTERNAL", message: err instanceof Error ? err.message : String(err) };
}
