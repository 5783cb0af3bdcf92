export * from "./compilePolicy.ts";
export * from "./policySchema.ts";
