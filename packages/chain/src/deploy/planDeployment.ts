import {
  erc1967ProxyAbi,
  erc1967ProxyBytecode,
  erc1967ProxySource,
  investorRegistryAbi,
  investorRegistryBytecode,
  investorRegistrySource,
  logAnchorAbi,
  logAnchorBytecode,
  logAnchorSource,
  securityTokenAbi,
  securityTokenBytecode,
  securityTokenSource,
  timelockControllerAbi,
  timelockControllerBytecode,
  timelockControllerSource,
  tokenFactoryAbi,
  tokenFactoryBytecode,
  tokenFactorySource,
} from "@coinscious/contracts";
import {
  type Abi,
  type Address,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  keccak256,
  sliceHex,
  zeroAddress,
} from "viem";
import type { DeployConfig, TokenClassParams } from "./validateDeployConfig.ts";

/**
 * The deterministic deployment proxy (Arachnid's; on anvil and on Base at the same address): calldata is
 * `salt ‖ initCode`, the contract lands at `CREATE2(proxy, salt, keccak256(initCode))`.
 */
// One constant for the deterministic deployment proxy: the Safe infrastructure uses it too.
export { DETERMINISTIC_DEPLOYER } from "../safe/predictSafeInfrastructure.ts";

import { DETERMINISTIC_DEPLOYER } from "../safe/predictSafeInfrastructure.ts";

/** The contracts of one deployment, in deployment order. */
export const contractKeys = [
  "timelock",
  "registryImplementation",
  "registry",
  "tokenImplementation",
  "factory",
  "logAnchor",
  "token",
] as const;

export type ContractKey = (typeof contractKeys)[number];

/** One contract of the plan: where it will be and exactly what creates it. */
export type PlannedContract = {
  key: ContractKey;
  /** Solidity contract name and source unit (as in the standard-JSON input), for explorer verification. */
  contractName: string;
  sourcePath: string;
  address: Address;
  /** The CREATE2 salt. */
  salt: Hex;
  /** `creationBytecode ‖ abi.encode(constructor args)` — what CREATE2 hashes. */
  initCode: Hex;
  constructorArgs: Hex;
  /** keccak256 of the artifact's creation bytecode (no constructor args): which build produced this contract. */
  artifactHash: Hex;
  /** `deterministic-deployer`: a transaction to the CREATE2 proxy; `factory`: `TokenFactory.createTokenClass`. */
  deployer: "deterministic-deployer" | "factory";
  /** For ERC-1967 proxies: the implementation the proxy must point at. */
  implementation?: Address;
};

/** SecurityToken's `TokenClassConfig` struct as the factory takes it. */
export type TokenClassStruct = TokenClassParams & { admin: Address; upgrader: Address };

export type DeploymentPlan = {
  deployer: Address;
  salt: Hex;
  contracts: Record<ContractKey, PlannedContract>;
  /** The arguments of `factory.createTokenClass(config, salt)`. */
  tokenClass: { config: TokenClassStruct; salt: Hex };
};

/**
 * Computes every address and init code of a deployment from the deploy salt, the deployer and the config —
 * no chain access. The addresses do not depend on the Safe: the deployer is the transient admin everywhere
 * and hands over to the Safe later, so the whole plan (and every collision check) is known before the first
 * transaction, and the devnet's Safe can be created at any point of the run.
 *
 * @example
 * const plan = planDeployment({ deployer: account.address, config });
 * plan.contracts.registry.address // the same on every run with this salt, deployer and config
 */
export function planDeployment({
  deployer,
  config,
}: {
  deployer: Address;
  config: DeployConfig;
}): DeploymentPlan {
  const salt = (key: string) =>
    keccak256(
      encodeAbiParameters([{ type: "bytes32" }, { type: "string" }], [config.salt, `coinscious.${key}`]),
    );
  const viaDeployer = (
    key: ContractKey,
    contractName: string,
    sourcePath: string,
    abi: Abi,
    bytecode: Hex,
    args: readonly unknown[],
    implementation?: Address,
  ): PlannedContract => {
    const s = salt(key);
    const initCode = encodeDeployData({ abi, bytecode, args } as Parameters<typeof encodeDeployData>[0]);
    return {
      key,
      contractName,
      sourcePath,
      address: getContractAddress({
        opcode: "CREATE2",
        from: DETERMINISTIC_DEPLOYER,
        salt: s,
        bytecode: initCode,
      }),
      salt: s,
      initCode,
      constructorArgs:
        initCode.length > bytecode.length ? sliceHex(initCode, (bytecode.length - 2) / 2) : "0x",
      artifactHash: keccak256(bytecode),
      deployer: "deterministic-deployer",
      ...(implementation ? { implementation } : {}),
    };
  };

  // Proposers/cancellers (the Safe) and, for executor "safe", executors are granted later by the transient
  // admin, so the timelock's address does not depend on the Safe. Executor "anyone" = the zero address.
  const timelock = viaDeployer(
    "timelock",
    "TimelockController",
    timelockControllerSource,
    timelockControllerAbi,
    timelockControllerBytecode,
    [config.timelock.minDelay, [], config.timelock.executor === "anyone" ? [zeroAddress] : [], deployer],
  );
  const registryImplementation = viaDeployer(
    "registryImplementation",
    "InvestorRegistry",
    investorRegistrySource,
    investorRegistryAbi,
    investorRegistryBytecode,
    [],
  );
  // The proxy initialises in its constructor, so its admin (the deployer, transiently) and upgrader (the
  // timelock, for good: UPGRADER_ROLE administers itself) are part of the init code and thus of the address.
  const registry = viaDeployer(
    "registry",
    "ERC1967Proxy",
    erc1967ProxySource,
    erc1967ProxyAbi,
    erc1967ProxyBytecode,
    [
      registryImplementation.address,
      encodeFunctionData({
        abi: investorRegistryAbi,
        functionName: "initialize",
        args: [deployer, timelock.address],
      }),
    ],
    registryImplementation.address,
  );
  const tokenImplementation = viaDeployer(
    "tokenImplementation",
    "SecurityToken",
    securityTokenSource,
    securityTokenAbi,
    securityTokenBytecode,
    [],
  );
  const factory = viaDeployer(
    "factory",
    "TokenFactory",
    tokenFactorySource,
    tokenFactoryAbi,
    tokenFactoryBytecode,
    [registry.address, tokenImplementation.address, deployer],
  );
  const logAnchor = viaDeployer("logAnchor", "LogAnchor", logAnchorSource, logAnchorAbi, logAnchorBytecode, [
    deployer,
    config.anchorer,
  ]);

  // The class is created by the factory (CREATE2 from the factory's address), exactly as
  // TokenFactory.predictTokenAddress computes it.
  const tokenConfig: TokenClassStruct = { ...config.tokenClass, admin: deployer, upgrader: timelock.address };
  const tokenSalt = salt("token");
  const tokenArgs = encodeAbiParameters(
    [{ type: "address" }, { type: "bytes" }],
    [
      tokenImplementation.address,
      encodeFunctionData({
        abi: securityTokenAbi,
        functionName: "initialize",
        args: [registry.address, tokenConfig],
      }),
    ],
  );
  const tokenInitCode = `${erc1967ProxyBytecode}${tokenArgs.slice(2)}` as Hex;
  const token: PlannedContract = {
    key: "token",
    contractName: "ERC1967Proxy",
    sourcePath: erc1967ProxySource,
    address: getContractAddress({
      opcode: "CREATE2",
      from: factory.address,
      salt: tokenSalt,
      bytecode: tokenInitCode,
    }),
    salt: tokenSalt,
    initCode: tokenInitCode,
    constructorArgs: tokenArgs,
    artifactHash: keccak256(erc1967ProxyBytecode),
    deployer: "factory",
    implementation: tokenImplementation.address,
  };

  return {
    deployer,
    salt: config.salt,
    contracts: { timelock, registryImplementation, registry, tokenImplementation, factory, logAnchor, token },
    tokenClass: { config: tokenConfig, salt: tokenSalt },
  };
}
