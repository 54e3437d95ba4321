// The issuance doctor (pure): see diagnose.ts.
export { diagnose, EXPECTED_STEP_SECONDS, summariseChallenge } from "./diagnose";
export { ISSUANCE_STEP_TITLES } from "./fixes";
export * from "./types";
