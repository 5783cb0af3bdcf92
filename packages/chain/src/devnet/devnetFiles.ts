/** The chain state anvil loads at start and dumps on exit and every few seconds (`--state`). */
export const DEVNET_STATE_FILE = "state.json";
/** anvil's stdout and stderr, truncated at every start. */
export const DEVNET_LOG_FILE = "anvil.log";
