export { PolicyError, type PolicyIssue } from './errors.js';
export {
  type EvaluatePolicyContext,
  type EvaluatePolicyReturnType,
  type PolicyFinding,
  type PolicyValue,
  evaluatePolicy,
} from './evaluatePolicy.js';
export {
  type ParsePolicyErrorType,
  type ParsePolicyParameters,
  type ParsePolicyReturnType,
  parsePolicy,
} from './parsePolicy.js';
export { type Policy, type PolicyRule, policySchema, policySchemaVersion } from './schema.js';
export { type TransparentUpgrade, transparentUpgrades } from './transparentUpgrades.js';
export type {
  StorageLayout,
  StorageLayoutEntry,
  StorageLayoutReport,
  StorageLayoutReportParameters,
  StorageLayoutType,
} from './storageLayoutReport.js';
