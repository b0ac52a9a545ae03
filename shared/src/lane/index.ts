export {
  type ClassifyLaneErrorType,
  type ClassifyLaneParameters,
  type ClassifyLaneReturnType,
  type LaneContext,
  type LaneReason,
  type LaneRule,
  classifyLane,
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
export {
  defaultPrivilegedSelectors,
  defaultPrivilegedSignatures,
  isDefaultPrivilegedSelector,
} from './privilegedSelectors.js';
