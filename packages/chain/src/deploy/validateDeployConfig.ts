import { type Address, getAddress, type Hex, isAddress, keccak256, toHex, zeroAddress } from "viem";
import { type ConfigIssue, InvalidConfigError } from "./errors.ts";
import type { DeployNetwork } from "./resolveDeployNetwork.ts";

/** The one token class the deployment creates through the factory (SecurityToken's `TokenClassConfig`). */
export type TokenClassParams = {
  name: string;
  symbol: string;
  decimals: number;
  requireAccreditation: boolean;
  regS: boolean;
  /** Reg S distribution-compliance-period end, unix seconds (0 = none). */
  regSDistributionEnd: number;
  /** Issuer lock-up: no holder transfers before this unix time (0 = none). */
  transfersLockedUntil: number;
  /** Per-investor maximum class balance in base units (0 = no maximum). */
  maxBalancePerInvestor: bigint;
  maxHolders: number;
  maxNonAccreditedHolders: number;
  /** 0 = no jurisdiction rule, 1 = `countries` is an allow-list, 2 = a deny-list. */
  countryRule: 0 | 1 | 2;
  /** ISO 3166-1 numeric country codes. */
  countries: number[];
};

/** A validated deploy config. Amounts and delays are bigint; addresses are checksummed. */
export type DeployConfig = {
  /** bytes32 from which every CREATE2 salt is derived; a new salt means a new, separate deployment. */
  salt: Hex;
  safe: {
    owners: Address[];
    threshold: number;
    /** The issuer's existing Safe — required on public networks; absent on the devnet (the deploy creates it). */
    address?: Address;
  };
  /** Key holding `GUARDIAN_ROLE` (pause only). */
  guardian: Address;
  /** Key holding `REGISTRY_ORACLE_ROLE` (investor records only). */
  registryOracle: Address;
  /** Key holding LogAnchor's `ANCHORER_ROLE` (the API's anchoring key). */
  anchorer: Address;
  timelock: {
    /** Seconds between the Safe scheduling an upgrade and anyone being able to execute it. */
    minDelay: bigint;
    /** Who may execute a ready operation: `anyone` (the zero address holds EXECUTOR_ROLE) or only the Safe. */
    executor: "anyone" | "safe";
  };
  tokenClass: TokenClassParams;
};

const UINT40_MAX = 2 ** 40 - 1;
const UINT32_MAX = 2 ** 32 - 1;
const UINT96_MAX = 2n ** 96n - 1n;
const UINT256_MAX = 2n ** 256n - 1n;

/**
 * Validates an untrusted deploy config (parsed JSON or a CLI object) for `network` and returns it normalised.
 * Every problem is collected; the error `INVALID_CONFIG` lists them all with their field paths.
 *
 * `salt` may be a bytes32 hex string or any label (hashed with keccak256). `timelock.minDelay` and
 * `tokenClass.maxBalancePerInvestor` may be numbers, decimal strings or bigints (JSON has no bigint).
 *
 * @example
 * const config = validateDeployConfig(JSON.parse(text), resolveDeployNetwork("devnet"));
 */
export function validateDeployConfig(input: unknown, network: DeployNetwork): DeployConfig {
  const issues: ConfigIssue[] = [];
  const v = new Reader(issues);
  const root = v.object(input, "");
  const safe = v.object(root?.safe, "safe");
  const timelock = v.object(root?.timelock, "timelock");
  const tc = v.object(root?.tokenClass, "tokenClass");

  const owners = v.addressList(safe?.owners, "safe.owners");
  const threshold = v.integer(safe?.threshold, "safe.threshold", 1, UINT32_MAX);
  if (owners && threshold !== undefined && threshold > owners.length)
    issues.push({
      path: "safe.threshold",
      message: `must be at most the number of owners (${owners.length})`,
    });
  let safeAddress: Address | undefined;
  if (network.public) {
    if (safe?.address === undefined)
      issues.push({
        path: "safe.address",
        message: `is required on ${network.name} (the issuer's existing Safe)`,
      });
    else safeAddress = v.address(safe.address, "safe.address");
  } else if (safe !== undefined && safe.address !== undefined) {
    issues.push({
      path: "safe.address",
      message: "must be absent on the devnet: the deployment creates the Safe",
    });
  }

  const executor = timelock?.executor ?? "anyone";
  if (executor !== "anyone" && executor !== "safe")
    issues.push({ path: "timelock.executor", message: 'must be "anyone" or "safe"' });
  const minDelay = v.bigint(timelock?.minDelay, "timelock.minDelay", 0n, UINT256_MAX);
  // A zero delay makes the timelock decorative: the Safe could upgrade in one block.
  if (network.public && minDelay === 0n)
    issues.push({ path: "timelock.minDelay", message: `must be greater than 0 on ${network.name}` });

  const countryRule = v.integer(tc?.countryRule ?? 0, "tokenClass.countryRule", 0, 2);
  const tokenClass = {
    name: v.string(tc?.name, "tokenClass.name"),
    symbol: v.string(tc?.symbol, "tokenClass.symbol"),
    decimals: v.integer(tc?.decimals ?? 0, "tokenClass.decimals", 0, 18),
    requireAccreditation: v.boolean(tc?.requireAccreditation ?? false, "tokenClass.requireAccreditation"),
    regS: v.boolean(tc?.regS ?? false, "tokenClass.regS"),
    regSDistributionEnd: v.integer(
      tc?.regSDistributionEnd ?? 0,
      "tokenClass.regSDistributionEnd",
      0,
      UINT40_MAX,
    ),
    transfersLockedUntil: v.integer(
      tc?.transfersLockedUntil ?? 0,
      "tokenClass.transfersLockedUntil",
      0,
      UINT40_MAX,
    ),
    maxBalancePerInvestor: v.bigint(
      tc?.maxBalancePerInvestor ?? 0,
      "tokenClass.maxBalancePerInvestor",
      0n,
      UINT96_MAX,
    ),
    maxHolders: v.integer(tc?.maxHolders ?? 0, "tokenClass.maxHolders", 0, UINT32_MAX),
    maxNonAccreditedHolders: v.integer(
      tc?.maxNonAccreditedHolders ?? 0,
      "tokenClass.maxNonAccreditedHolders",
      0,
      UINT32_MAX,
    ),
    countryRule: countryRule as 0 | 1 | 2,
    countries: v.countries(tc?.countries ?? [], "tokenClass.countries"),
  };
  if (tokenClass.regS === true && tokenClass.regSDistributionEnd === 0)
    issues.push({ path: "tokenClass.regSDistributionEnd", message: "is required when regS is true" });

  const config = {
    salt: v.salt(root?.salt, "salt"),
    safe: { owners, threshold, ...(safeAddress ? { address: safeAddress } : {}) },
    guardian: v.address(root?.guardian, "guardian"),
    registryOracle: v.address(root?.registryOracle, "registryOracle"),
    anchorer: v.address(root?.anchorer, "anchorer"),
    timelock: { minDelay, executor },
    tokenClass,
  };
  if (issues.length > 0) throw new InvalidConfigError(issues);
  return config as DeployConfig;
}

/** Field readers: each returns the value or undefined after recording an issue. */
class Reader {
  constructor(private readonly issues: ConfigIssue[]) {}

  private fail(path: string, message: string): undefined {
    this.issues.push({ path: path === "" ? "(root)" : path, message });
    return undefined;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined) return this.fail(path, "is required");
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return this.fail(path, "must be an object");
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string): string | undefined {
    if (value === undefined) return this.fail(path, "is required");
    if (typeof value !== "string" || value.trim() === "")
      return this.fail(path, "must be a non-empty string");
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value !== "boolean") return this.fail(path, "must be true or false");
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined) return this.fail(path, "is required");
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      return this.fail(path, `must be an integer from ${min} to ${max}`);
    return value;
  }

  bigint(value: unknown, path: string, min: bigint, max: bigint): bigint | undefined {
    if (value === undefined) return this.fail(path, "is required");
    let n: bigint | undefined;
    if (typeof value === "bigint") n = value;
    else if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
    else if (typeof value === "string" && /^\d+$/.test(value)) n = BigInt(value);
    if (n === undefined || n < min || n > max)
      return this.fail(path, `must be an integer (number or decimal string) from ${min} to ${max}`);
    return n;
  }

  address(value: unknown, path: string): Address | undefined {
    if (value === undefined) return this.fail(path, "is required");
    // viem's strict check: all-lowercase passes, mixed case must carry a valid EIP-55 checksum (a typo guard).
    if (typeof value !== "string" || !isAddress(value))
      return this.fail(path, "must be a 20-byte hex address (EIP-55 checksum if mixed case)");
    if (value.toLowerCase() === zeroAddress) return this.fail(path, "must not be the zero address");
    return getAddress(value);
  }

  addressList(value: unknown, path: string): Address[] | undefined {
    if (!Array.isArray(value) || value.length === 0)
      return this.fail(path, "must be a non-empty array of addresses");
    const out = value.map((item, i) => this.address(item, `${path}[${i}]`));
    if (out.some((a) => a === undefined)) return undefined;
    const seen = new Set<string>();
    for (const [i, a] of (out as Address[]).entries()) {
      if (seen.has(a)) return this.fail(`${path}[${i}]`, "is listed twice");
      seen.add(a);
    }
    return out as Address[];
  }

  countries(value: unknown, path: string): number[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, "must be an array of ISO 3166-1 numeric codes");
    const bad = value.findIndex((c) => typeof c !== "number" || !Number.isInteger(c) || c < 1 || c > 999);
    if (bad !== -1) return this.fail(`${path}[${bad}]`, "must be an ISO 3166-1 numeric code (1–999)");
    return value as number[];
  }

  salt(value: unknown, path: string): Hex | undefined {
    if (typeof value !== "string" || value === "")
      return this.fail(path, "must be a bytes32 hex string or a non-empty label");
    if (/^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase() as Hex;
    if (value.startsWith("0x")) return this.fail(path, "a hex salt must be exactly 32 bytes");
    return keccak256(toHex(value));
  }
}
