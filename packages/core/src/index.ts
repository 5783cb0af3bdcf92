export * from "./errors.ts";
export * from "./forcedTransferReasons.ts";
export * from "./reasonCodes.ts";
export * from "./types.ts";
