export { decryptKeystore } from "./decryptKeystore.ts";
export { ANVIL_DEV_ADDRESSES, ANVIL_DEV_MNEMONIC, isDevAccountAddress } from "./devAccounts.ts";
export { type EncryptKeystoreOptions, encryptKeystore } from "./encryptKeystore.ts";
export {
  DevKeyOnPublicNetworkError,
  InvalidPrivateKeyError,
  KeystoreBadPasswordError,
  KeystoreInvalidError,
  SignerConfigInvalidError,
  SignerNotConfiguredError,
} from "./errors.ts";
export type { KeystorePbkdf2Params, KeystoreScryptParams, KeystoreV3 } from "./keystoreTypes.ts";
export { type ResolveSignerParameters, resolveSigner } from "./resolveSigner.ts";
export { toPrivateKeyAccount } from "./toPrivateKeyAccount.ts";
