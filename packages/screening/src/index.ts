export * from "./kyc/index.ts";
export * from "./sanctions/index.ts";
