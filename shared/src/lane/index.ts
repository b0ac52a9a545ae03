export {
  type ClassifyLaneErrorType,
  type ClassifyLaneParameters,
  type ClassifyLaneReturnType,
  type LaneContext,
  type LaneReason,
  type LaneRule,
  type NestedFrame,
  classifyLane,
  laneClassification,
  pauseSelector,
  stepReasons,
} from './classifyLane.js';
export { manifestBounds } from './manifestBounds.js';
export {
  type ManifestShapeErrorName,
  type ManifestShapeIssue,
  type ValidateManifestShapeParameters,
  type ValidateManifestShapeReturnType,
  ManifestShapeError,
  operationIssue,
  validateManifestShape,
} from './manifestShape.js';
export { maxNesting, nestedCallSelectors } from './nestedCalls.js';
export {
  defaultPrivilegedSelectors,
  defaultPrivilegedSignatures,
  isDefaultPrivilegedSelector,
} from './privilegedSelectors.js';
export { computeLaneOnChain, readFallbackHandler, readLaneContext, safeFallbackHandlerSlot } from './readLane.js';
