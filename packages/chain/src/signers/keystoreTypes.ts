/** scrypt parameters of a v3 keystore (`n` a power of two; geth's default is n=262144, r=8, p=1). */
export type KeystoreScryptParams = { dklen: number; n: number; r: number; p: number; salt: string };

/** PBKDF2 parameters of a v3 keystore; only `hmac-sha256` is defined by the format. */
export type KeystorePbkdf2Params = { dklen: number; c: number; prf: "hmac-sha256"; salt: string };

/**
 * An encrypted JSON keystore, Web3 Secret Storage v3 (what geth, Foundry's `cast wallet`, MetaMask and
 * ethers write). Hex fields carry no `0x`.
 */
export type KeystoreV3 = {
  version: 3;
  id: string;
  /** The account address, lower-case hex without `0x`; optional in the format, checked when present. */
  address?: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    mac: string;
  } & (
    | { kdf: "scrypt"; kdfparams: KeystoreScryptParams }
    | { kdf: "pbkdf2"; kdfparams: KeystorePbkdf2Params }
  );
};
