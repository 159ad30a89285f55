export * from './plugin-process';
export * from './provider-text';
export { marshalProperties, unmarshalProperties, containsUnknowns, UnexpectedUnknownError } from './values';
export type { MarshalOptions, UnmarshalOptions } from './values';
export { loadPulumiSdk } from './sdk';
export type { PulumiSdk } from './sdk';
