export { type GuardDeployment, guardConfigHash, guardDeployment } from './guardDeployment.js';
export { type GuardRejection, decodeGuardError, safeWithGuardErrorsAbi } from './guardErrors.js';
export { type GuardHint, type HintContext, guardErrorNames, guardHint, guardHints } from './guardHints.js';
export { errorInputs, guardRule, inWords } from './guardRule.js';
export { type TimeFormat, duration as durationWords, utc } from './hintWords.js';
export {
  type Check,
  type Condition,
  type GuardConfig,
  Lane,
  type Manifest,
  type ManifestView,
  type Phase,
  type Step,
  CheckKind,
  ManifestKind,
  ManifestStatus,
  StopResponse,
  laneName,
  statusName,
} from './manifest.js';
export { type ManifestDerivedState, readManifestState } from './readManifestState.js';
export { type StepPosition, decodeStepPosition, encodeStepPosition } from './stepPosition.js';
