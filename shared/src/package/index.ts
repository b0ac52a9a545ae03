export {
  type CanonicalJsonErrorType,
  type CanonicalJsonParameters,
  type CanonicalJsonReturnType,
  CanonicalJsonError,
  canonicalJson,
} from './canonicalJson.js';
export { type ReleasePackageIssue, ReleasePackageError, formatPath } from './errors.js';
export {
  type EvidenceCompletenessOptions,
  type EvidenceCompletenessParameters,
  type EvidenceCompletenessReturnType,
  type EvidenceGap,
  evidenceCompleteness,
} from './evidenceCompleteness.js';
export { type EvidenceHashParameters, type EvidenceHashReturnType, evidenceHash } from './evidenceHash.js';
export { type EvidencePacket, type EvidencePart, evidenceParts } from './evidencePacket.js';
export { evidenceIssues, invariantCategories } from './evidenceSchema.js';
export {
  type BuildUpgradePackageErrorType,
  type BuildUpgradePackageParameters,
  type BuildUpgradePackageReturnType,
  type PlannedUpgrade,
  CheckViewError,
  ImplementationWithoutCodeError,
  RollbackKindError,
  buildUpgradePackage,
  upgradePackageExtension,
} from './buildUpgradePackage.js';
export { type DraftEvidenceParameters, draftEvidence } from './draftEvidence.js';
export {
  type FromManifestErrorType,
  type FromManifestParameters,
  type FromManifestReturnType,
  fromManifest,
} from './fromManifest.js';
export {
  type ParseReleasePackageErrorType,
  type ParseReleasePackageParameters,
  type ParseReleasePackageReturnType,
  parseReleasePackage,
} from './parseReleasePackage.js';
export {
  type RegistrationIssuesOptions,
  hiddenCharacter,
  knownMultiSendCallOnly,
  registrationIssues,
  textLimits,
} from './registrationShape.js';
export {
  type CheckKindName,
  type InvariantExpectation,
  type JsonValue,
  type ManifestKindName,
  type OperationName,
  type PackageCheck,
  type PackageCondition,
  type PackageLink,
  type PackagePhase,
  type PackageStep,
  type ReleasePackage,
  type StopCondition,
  type StopResponseName,
  checkKindNames,
  manifestKindNames,
  operationNames,
  releasePackageSchemaVersion,
  stopResponseNames,
} from './schema.js';
export {
  type SerializeReleasePackageParameters,
  type SerializeReleasePackageReturnType,
  phaseToJson,
  releasePackageToJson,
  serializeReleasePackage,
} from './serializeReleasePackage.js';
export { type ToManifestParameters, type ToManifestReturnType, toManifest } from './toManifest.js';
