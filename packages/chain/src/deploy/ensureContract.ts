import { investorRegistryAbi, tokenFactoryAbi } from "@coinscious/contracts";
import { type Address, concat, encodeFunctionData, getAddress, type Hex, keccak256 } from "viem";
import { assertPlannedCode } from "./assertPlannedCode.ts";
import { AddressCodeMismatchError, DeployError } from "./errors.ts";
import { type ContractKey, DETERMINISTIC_DEPLOYER, type DeploymentPlan } from "./planDeployment.ts";
import { type DeployContext, sendDeployTransaction } from "./sendDeployTransaction.ts";

/**
 * Makes one planned contract exist: if its address already holds exactly the planned contract (an earlier,
 * interrupted run deployed it) nothing is sent; if it holds anything else, `ADDRESS_CODE_MISMATCH`; otherwise
 * it is deployed — through the deterministic deployment proxy, or for the token class through
 * `TokenFactory.createTokenClass` (which also binds it to the registry). The manifest entry is written either way.
 *
 * @example
 * for (const key of ["timelock", "registryImplementation", "registry"] as const) await ensureContract(ctx, plan, key);
 */
export async function ensureContract(
  ctx: DeployContext,
  plan: DeploymentPlan,
  key: ContractKey,
): Promise<Address> {
  const planned = plan.contracts[key];
  const step = `deploy:${key}`;
  let code = await ctx.publicClient.getCode({ address: planned.address });
  let tx: { hash: Hex; blockNumber: number } | undefined;
  if (code && code !== "0x") {
    await assertPlannedCode(ctx.publicClient, planned, code);
    ctx.log({ type: "step", step, status: "exists", address: planned.address });
    const earlier = ctx.manifest.transactions.find((t) => t.step === step && t.status === "success");
    if (earlier?.blockNumber != null) tx = { hash: earlier.hash, blockNumber: earlier.blockNumber };
  } else {
    ctx.log({ type: "step", step, status: "deploying", address: planned.address });
    const receipt =
      planned.deployer === "factory"
        ? await createTokenClass(ctx, plan, step)
        : await sendDeployTransaction(ctx, step, {
            to: DETERMINISTIC_DEPLOYER,
            data: concat([planned.salt, planned.initCode]),
          });
    tx = { hash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber) };
    code = await ctx.publicClient.getCode({ address: planned.address });
    if (!code || code === "0x")
      throw new AddressCodeMismatchError(key, planned.address, "no code after the deployment transaction");
    await assertPlannedCode(ctx.publicClient, planned, code);
    ctx.log({ type: "step", step, status: "done", address: planned.address });
  }
  if (key === "token") await assertBound(ctx, plan);

  const previous = ctx.manifest.contracts[key];
  ctx.manifest.contracts[key] = {
    address: planned.address,
    contractName: planned.contractName,
    txHash: tx?.hash ?? previous?.txHash ?? null,
    blockNumber: tx?.blockNumber ?? previous?.blockNumber ?? null,
    artifactHash: planned.artifactHash,
    codeHash: keccak256(code),
    salt: planned.salt,
    ...(planned.implementation ? { implementation: planned.implementation } : {}),
  };
  await ctx.save();
  return planned.address;
}

async function createTokenClass(ctx: DeployContext, plan: DeploymentPlan, step: string) {
  const { factory, token } = plan.contracts;
  const args = [plan.tokenClass.config, plan.tokenClass.salt] as const;
  // The factory computes the address itself; a disagreement means the plan's model of it is wrong — stop.
  const predicted = await ctx.publicClient.readContract({
    address: factory.address,
    abi: tokenFactoryAbi,
    functionName: "predictTokenAddress",
    args,
  });
  if (getAddress(predicted) !== token.address)
    throw new DeployError(
      "TOKEN_ADDRESS_MISMATCH",
      `Factory predicts ${predicted}, the plan ${token.address}`,
      {
        details: { factory: predicted, plan: token.address },
      },
    );
  return sendDeployTransaction(ctx, step, {
    to: factory.address,
    data: encodeFunctionData({ abi: tokenFactoryAbi, functionName: "createTokenClass", args }),
    abi: tokenFactoryAbi,
  });
}

/** The class is bound to the registry in the same transaction that creates it; check anyway. */
async function assertBound(ctx: DeployContext, plan: DeploymentPlan): Promise<void> {
  const classes = await ctx.publicClient.readContract({
    address: plan.contracts.registry.address,
    abi: investorRegistryAbi,
    functionName: "tokenClasses",
  });
  if (!classes.some((c) => getAddress(c) === plan.contracts.token.address))
    throw new AddressCodeMismatchError("token", plan.contracts.token.address, "not bound to the registry");
}
