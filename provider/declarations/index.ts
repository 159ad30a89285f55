/**
 * The resources, each declared once: its properties, their types and defaults, which change replaces, which are
 * secret, one line on each. Validation (check.ts), the resource classes' TypeScript types, and the docs (docs.ts)
 * follow from these declarations.
 */
export {
  DECLARATIONS,
  KINDS,
  RESOURCE_KINDS,
  PACKAGE,
  PROVIDER_TYPE_TOKEN,
  dynamicTypeToken,
  kindOfNativeToken,
  nativeTypeToken,
  type ResourceKind,
} from './registry';
export { webhookDeclaration } from './webhook';
export { secretKeyDeclaration } from './secret-key';
export { userSubscriptionDeclaration } from './user-subscription';
export { checkInputs, isUnknown, UNKNOWN, type CheckFailure } from './check';
export { configTable, propertyTable, resourceTables } from './docs';
export {
  inputNames,
  replacingInputs,
  adoptingInput,
  secretNames,
  type Property,
  type Presence,
  type ResourceDeclaration,
  type InputsOf,
  type CheckedInputsOf,
  type OutputsOf,
} from './property';
