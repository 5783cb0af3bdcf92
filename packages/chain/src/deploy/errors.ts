import { ChainError } from "../errors.ts";

/**
 * The errors `deployPlatform` throws, one class per problem, each with a stable `code`. None is retryable by
 * itself: each needs a person (fix the config, fund the key, investigate a foreign contract) — except a lost RPC
 * connection, which surfaces as viem's own error and is safe to retry because the deployment resumes.
 *
 * @example
 * try { await deployPlatform(params) } catch (e) {
 *   if (e instanceof DeployError && e.code === "INSUFFICIENT_FUNDS") console.error(e.details)
 * }
 */
export class DeployError extends ChainError {}

/** One problem with a config field: the dotted path of the field and what is wrong with it. */
export type ConfigIssue = { path: string; message: string };

/** The deploy config failed validation; `details.issues` lists every bad field (not only the first). */
export class InvalidConfigError extends DeployError {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(
      "INVALID_CONFIG",
      `Invalid deploy config:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`,
      { details: { issues } },
    );
    this.issues = issues;
  }
}

/** The deterministic deployment proxy (0x4e59…956c) is missing or is not the expected code. */
export class Create2DeployerMissingError extends DeployError {
  constructor(address: string, codeHash: string | null) {
    super(
      "CREATE2_DEPLOYER_MISSING",
      `The deterministic deployment proxy ${address} is ${codeHash === null ? "not deployed" : "not the expected contract"} on this chain`,
      { details: { address, codeHash } },
    );
  }
}

/** The deployer cannot pay for the transactions still to send. Amounts are wei, as decimal strings. */
export class InsufficientFundsError extends DeployError {
  constructor(deployer: string, needed: bigint, available: bigint, gas: bigint, maxFeePerGas: bigint) {
    super(
      "INSUFFICIENT_FUNDS",
      `Deployer ${deployer} holds ${available} wei but the remaining deployment needs about ${needed} wei (${gas} gas at ${maxFeePerGas} wei/gas)`,
      {
        details: {
          deployer,
          needed: needed.toString(),
          available: available.toString(),
          shortfall: (needed - available).toString(),
          gas: gas.toString(),
          maxFeePerGas: maxFeePerGas.toString(),
        },
      },
    );
  }
}

/**
 * A predicted address already holds code that is not what this deployment would put there (another salt's
 * contract, another deployer's, or a foreign contract): the deployment stops rather than adopt it.
 */
export class AddressCodeMismatchError extends DeployError {
  constructor(contract: string, address: string, reason: string, details: Record<string, unknown> = {}) {
    super("ADDRESS_CODE_MISMATCH", `${contract} at ${address}: ${reason}`, {
      details: { contract, address, reason, ...details },
    });
  }
}

/** A canonical Safe 1.4.1 contract is missing or its runtime code does not hash to the published code hash. */
export class SafeCodeMismatchError extends DeployError {
  constructor(contract: string, address: string, expected: string, actual: string | null) {
    super(
      "SAFE_CODE_MISMATCH",
      `${contract} at ${address} ${actual === null ? "has no code" : `has code hash ${actual}, expected ${expected}`}`,
      { details: { contract, address, expected, actual } },
    );
  }
}

/** The issuer's Safe (config `safe.address`) does not exist, is not a Safe 1.4.1, or has other owners/threshold. */
export class SafeConfigMismatchError extends DeployError {
  constructor(safe: string, reason: string, details: Record<string, unknown> = {}) {
    super("SAFE_CONFIG_MISMATCH", `Safe ${safe}: ${reason}`, { details: { safe, reason, ...details } });
  }
}

/** An existing manifest belongs to another deployment (other salt or deployer) on the same chain. */
export class ManifestConflictError extends DeployError {
  constructor(path: string, reason: string, details: Record<string, unknown> = {}) {
    super("MANIFEST_CONFLICT", `${path}: ${reason}`, { details: { path, reason, ...details } });
  }
}

/**
 * A deployment transaction reverts: in simulation before sending (`hash` null — nothing was spent), or mined
 * (the reason comes from replaying it). The decoded revert, when there is one, is the `cause`.
 */
export class DeployTransactionRevertedError extends DeployError {
  constructor(step: string, hash: string | null, cause?: unknown) {
    super(
      "DEPLOY_TX_REVERTED",
      hash === null
        ? `Step ${step}: the transaction would revert`
        : `Step ${step}: transaction ${hash} reverted`,
      { details: { step, hash }, cause },
    );
  }
}

/** A role is not held as planned after the run (a grant that did not take, or a holder that was revoked). */
export class RoleMismatchError extends DeployError {
  constructor(contract: string, role: string, holder: string) {
    super("ROLE_MISMATCH", `${contract}: ${holder} does not hold ${role}`, {
      details: { contract, role, holder },
    });
  }
}

/** After the run the deployer still holds a role somewhere — the deployment is not handed over. */
export class DeployerStillHasRoleError extends DeployError {
  constructor(deployer: string, held: { contract: string; role: string }[]) {
    super(
      "DEPLOYER_STILL_HAS_ROLE",
      `Deployer ${deployer} still holds ${held.map((h) => `${h.contract}.${h.role}`).join(", ")}`,
      { details: { deployer, held } },
    );
  }
}
