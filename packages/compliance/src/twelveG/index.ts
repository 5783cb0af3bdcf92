/**
 * Exchange Act §12(g) holder-of-record monitor (compliance-rules §1): count holders of record per Rule 12g5-1,
 * apply the exclusions, classify the alert level, track the Form 10 deadline, and guard trades against holder caps.
 */
export * from "./accreditation.ts";
export * from "./amounts.ts";
export * from "./assessTwelveG.ts";
export * from "./buildHolderIndex.ts";
export * from "./classifyTwelveG.ts";
export * from "./countHoldersOfRecord.ts";
export * from "./errors.ts";
export * from "./fiscalYear.ts";
export * from "./holderKeys.ts";
export * from "./idTable.ts";
export * from "./offeringExclusions.ts";
export * from "./parseTwelveGInput.ts";
export * from "./policy.ts";
export * from "./projectHolderCapDelta.ts";
export * from "./registrationDeadline.ts";
export * from "./schemas.ts";
export * from "./tallyHolderUnits.ts";
