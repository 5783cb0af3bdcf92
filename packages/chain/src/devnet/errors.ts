import { ChainError } from "../errors.ts";

/** anvil exited or stayed silent before it was listening (bad flag, port taken, missing binary). */
export class DevnetStartError extends ChainError {
  constructor(message: string, details: Record<string, unknown>) {
    super("DEVNET_START_FAILED", message, { details });
  }
}

/** anvil could not load the saved chain state; `resetDevnetState` (`--reset`) starts over. */
export class DevnetStateCorruptError extends ChainError {
  constructor(stateFile: string, output: string) {
    super(
      "DEVNET_STATE_CORRUPT",
      `The devnet state ${stateFile} cannot be loaded; reset it to start a new chain`,
      {
        details: { stateFile, output },
      },
    );
  }
}

/** Another running anvil already owns this state directory; two nodes would overwrite each other's dumps. */
export class DevnetStateInUseError extends ChainError {
  constructor(stateFile: string, pid: number) {
    super("DEVNET_STATE_IN_USE", `The devnet state ${stateFile} is in use by anvil pid ${pid}`, {
      details: { stateFile, pid },
      retryable: true,
    });
  }
}

/** The node answering on the port is not the anvil we started (wrong client, chain or instance marker). */
export class DevnetIdentityError extends ChainError {
  constructor(reason: string, details: Record<string, unknown>) {
    super("DEVNET_IDENTITY_MISMATCH", `The node on the devnet port is not the one started: ${reason}`, {
      details: { ...details, reason },
    });
  }
}
