export {
  codeHashCheck,
  codeHashOf,
  encodeAddressResult,
  initializedCheck,
  ownerCheck,
  resultHashCheck,
  viewCheck,
} from './checks.js';
export { type EvaluateCheckParameters, type EvaluateCheckReturnType, evaluateCheck } from './evaluateCheck.js';
export {
  type ImplementationChecksParameters,
  MissingCheckInputError,
  implementationChecks,
} from './implementationChecks.js';
export {
  type MultiSendStepParameters,
  EmptyMultiSendError,
  MultiSendDelegateCallError,
  multiSendStep,
} from './multiSendStep.js';
export {
  InvalidThresholdError,
  OwnerNotFoundError,
  addOwnerWithThresholdStep,
  changeThresholdStep,
  previousOwner,
  removeOwnerStep,
  sentinelOwners,
  setGuardStep,
  swapOwnerStep,
} from './safeSteps.js';
export { type UpgradeStepParameters, BeaconUpgradeCallError, upgradeStep } from './upgradeStep.js';
export {
  type UpgradeAndCallTransparentV4StepParameters,
  type UpgradeAndCallTransparentV5StepParameters,
  type UpgradeBeaconStepParameters,
  type UpgradeTransparentV4StepParameters,
  type UpgradeUupsStepParameters,
  proxyAdminV4Abi,
  upgradeAndCallTransparentV4Step,
  upgradeAndCallTransparentV5Step,
  upgradeBeaconStep,
  upgradeTransparentV4Step,
  upgradeUupsStep,
  uupsAbi,
} from './upgradeSteps.js';
