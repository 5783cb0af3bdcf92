export * from "./distributionTax.ts";
