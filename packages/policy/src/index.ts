/**
 * @kura/policy — the reserve policy engine. Policies are versioned JSON data (`kura-policy/1`)
 * whose every parameter carries its provenance; `evaluatePolicy` checks an exchange's liabilities
 * and on-chain reserves against one policy and returns the breakdown an attestation embeds.
 * Exact decimal arithmetic throughout (via @kura/codec); isomorphic (no `node:` imports here —
 * file helpers are in `@kura/policy/node`).
 * @module
 */
export { type LoadedReserves, parseLiabilities, parseReserves } from './data-files.js';
export { type EvaluateArgs, evaluatePolicy } from './evaluate.js';
export { explainPolicy, type ParameterRow } from './explain.js';
export { type LoadedInputs, parseInputs } from './inputs-file.js';
export { type LoadedPolicy, parsePolicy } from './policy-file.js';
export { locateLine } from './reader.js';
export { tiered } from './reserve.js';
export {
  INPUTS_FORMAT,
  ONCHAIN_EXCESS,
  POLICY_FORMAT,
  type PolicyDocument,
  type PolicyInputsDocument,
  policyInputsShape,
  policyInputsShapeFor,
  policyShape,
} from './shapes.js';
export type {
  CapitalClass,
  CapitalRules,
  Check,
  ColdBasis,
  CustodyClass,
  CustodyComponent,
  CustodyRules,
  EligibleAsset,
  FactorCondition,
  FixedComponent,
  IncidentBand,
  IncidentHistory,
  InsuranceEligibility,
  InsuranceOffset,
  InsurancePolicy,
  Liabilities,
  LiabilityAsset,
  LiabilityReserve,
  Param,
  Policy,
  PolicyEvaluation,
  PolicyInputs,
  Price,
  Provenance,
  ProvenanceKind,
  ReserveComponent,
  Reserves,
  SecurityFactor,
  SecurityPosture,
  Term,
  TermProvenance,
  Tier,
  VolumeComponent,
} from './types.js';
export {
  type PolicyVerifyCode,
  type PolicyVerifyContext,
  verifyPolicyEvaluation,
} from './verify.js';
