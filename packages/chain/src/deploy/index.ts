// Deployment of the platform's contracts: plan (pure), deploy/resume, manifest, verification.
export { accessControlAbi } from "./accessControlAbi.ts";
export { assertCreate2Deployer, DETERMINISTIC_DEPLOYER_CODE } from "./assertCreate2Deployer.ts";
export {
  type DeployPlatformParameters,
  type DeployPlatformReturnType,
  deployPlatform,
} from "./deployPlatform.ts";
export {
  AddressCodeMismatchError,
  type ConfigIssue,
  Create2DeployerMissingError,
  DeployError,
  DeployerStillHasRoleError,
  DeployTransactionRevertedError,
  InsufficientFundsError,
  InvalidConfigError,
  ManifestConflictError,
  RoleMismatchError,
  SafeCodeMismatchError,
  SafeConfigMismatchError,
} from "./errors.ts";
export { findManifest, manifestPath } from "./findManifest.ts";
export { getCreate2RuntimeCode } from "./getCreate2RuntimeCode.ts";
export { listHeldRoles } from "./listHeldRoles.ts";
export {
  type ContractKey,
  contractKeys,
  type DeploymentPlan,
  type PlannedContract,
  planDeployment,
  type TokenClassStruct,
} from "./planDeployment.ts";
export {
  contractRoles,
  type DeployRoleName,
  deployRoleIds,
  planRoles,
  type RoleAssignment,
  type RoleTable,
} from "./planRoles.ts";
export { type DeployNetwork, resolveDeployNetwork } from "./resolveDeployNetwork.ts";
export type {
  DeployEvent,
  DeployLog,
  DeploymentManifest,
  ManifestContract,
  ManifestSafe,
  ManifestTransaction,
} from "./types.ts";
export { type DeployConfig, type TokenClassParams, validateDeployConfig } from "./validateDeployConfig.ts";
export {
  type CanonicalSafeInfrastructure,
  verifyCanonicalSafeInfrastructure,
} from "./verifyCanonicalSafeInfrastructure.ts";
export { verifyDeploymentRoles } from "./verifyDeploymentRoles.ts";
export { verifyIssuerSafe } from "./verifyIssuerSafe.ts";
export { writeJsonAtomically } from "./writeJsonAtomically.ts";
