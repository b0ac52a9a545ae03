export {
  type BindDescriptorParameters,
  bindDescriptor,
  manifestGuardApprovalDescriptor,
  manifestGuardCalldataDescriptor,
} from './descriptors.js';
export { ClearSigningDescriptorError } from './errors.js';
export { type AddressNames, type ClearSignLine, shortHex } from './formatField.js';
export { type FieldParameter, fieldParameter, resolvePath } from './paths.js';
export {
  type RenderCalldataErrorType,
  type RenderCalldataParameters,
  type RenderCalldataReturnType,
  renderCalldata,
} from './renderCalldata.js';
export {
  type RenderTypedDataErrorType,
  type RenderTypedDataParameters,
  type RenderTypedDataReturnType,
  type TypedDataFields,
  encodeType,
  renderTypedData,
  typedDataParameter,
} from './renderTypedData.js';
export { formatKey } from './signature.js';
export type {
  CalldataDescriptor,
  ClearSigningDescriptor,
  Deployment,
  DisplayFormat,
  FieldFormat,
  FieldFormatName,
} from './types.js';
export { type ClearSignView, blindSigning } from './view.js';
