export { DEVNET_LOG_FILE, DEVNET_STATE_FILE } from "./devnetFiles.ts";
export {
  DevnetIdentityError,
  DevnetStartError,
  DevnetStateCorruptError,
  DevnetStateInUseError,
} from "./errors.ts";
export { isProcessAlive } from "./isProcessAlive.ts";
export { resetDevnetState } from "./resetDevnetState.ts";
export {
  type Devnet,
  type DevnetLogger,
  type StartDevnetParameters,
  startDevnet,
} from "./startDevnet.ts";
export { verifyDevnetIdentity } from "./verifyDevnetIdentity.ts";
