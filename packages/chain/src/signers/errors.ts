import { ChainError } from "../errors.ts";

// None of these errors ever carries key material or a password: not in the message, not in `details`,
// not as a `cause` (a library error about a bad key may quote it).

/** The private key is not 32 bytes of hex, or not a valid secp256k1 scalar. */
export class InvalidPrivateKeyError extends ChainError {
  constructor(reason: string) {
    super("INVALID_PRIVATE_KEY", `The private key is malformed: ${reason}`, { details: { reason } });
  }
}

/** One of anvil's publicly known dev keys was offered for a chain other than the local devnet. */
export class DevKeyOnPublicNetworkError extends ChainError {
  constructor(params: { network: string; address: string }) {
    super(
      "DEV_KEY_ON_PUBLIC_NETWORK",
      `Refusing anvil's well-known dev account ${params.address} on ${params.network}: its private key is public`,
      { details: { network: params.network, address: params.address } },
    );
  }
}

/** The keystore file is unreadable, not JSON, or not a Web3 Secret Storage v3 document we support. */
export class KeystoreInvalidError extends ChainError {
  constructor(reason: string, details: Record<string, unknown> = {}) {
    super("KEYSTORE_INVALID", `Invalid keystore: ${reason}`, { details: { ...details, reason } });
  }
}

/** The keystore's MAC does not match: wrong password (or a tampered file). */
export class KeystoreBadPasswordError extends ChainError {
  constructor(details: Record<string, unknown> = {}) {
    super("KEYSTORE_BAD_PASSWORD", "Wrong keystore password (MAC mismatch)", { details });
  }
}

/** No signer source was given. */
export class SignerNotConfiguredError extends ChainError {
  constructor(network: string) {
    super(
      "SIGNER_NOT_CONFIGURED",
      `No signer for ${network}: give a keystore (with its password), a private key, or on devnet a dev account index`,
      { details: { network } },
    );
  }
}

/** The signer options contradict each other or are incomplete (two sources, no password, bad index). */
export class SignerConfigInvalidError extends ChainError {
  constructor(reason: string) {
    super("SIGNER_CONFIG_INVALID", `Invalid signer configuration: ${reason}`, { details: { reason } });
  }
}
