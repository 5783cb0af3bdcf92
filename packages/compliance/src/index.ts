export * from "./dates/index.ts";
export * from "./distributions/index.ts";
export * from "./rules/index.ts";
export * from "./twelveG/index.ts";
