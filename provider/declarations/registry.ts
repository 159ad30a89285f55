/**
 * The resource kinds, listed once: each kind's declaration, and the type tokens both front doors give it. The
 * runtime's providers, the dynamic resources' shim, the native provider's server and schema, the import-file
 * command and the README's tables all read this list; test/architecture/registry.test.ts fails when a kind is known
 * somewhere it does not come from.
 */
import { keysOf } from '../rules/objects';
import type { ResourceDeclaration } from './property';
import { secretKeyDeclaration } from './secret-key';
import { userSubscriptionDeclaration } from './user-subscription';
import { webhookDeclaration } from './webhook';

/** The native provider's package name: its type tokens are `gotowebinar:index:<Name>`. */
export const PACKAGE = 'gotowebinar';

export const RESOURCE_KINDS = {
  webhook: webhookDeclaration,
  secretKey: secretKeyDeclaration,
  userSubscription: userSubscriptionDeclaration,
} as const;

/** `webhook`, `secretKey`, `userSubscription`: how the runtime and the shim name a kind. */
export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** Every kind, in the order the docs list them. */
export const KINDS: ResourceKind[] = keysOf(RESOURCE_KINDS);

/** Every declaration, in the same order. */
export const DECLARATIONS: readonly ResourceDeclaration[] = KINDS.map((k) => RESOURCE_KINDS[k]);

/** The native provider's type token: `gotowebinar:index:Webhook`. */
export function nativeTypeToken(kind: ResourceKind): string {
  return `${PACKAGE}:index:${RESOURCE_KINDS[kind].name}`;
}

/** The dynamic resource's type token, as the SDK makes it: `pulumi-nodejs:dynamic/gotowebinar:Webhook`. */
export function dynamicTypeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/${PACKAGE}:${RESOURCE_KINDS[kind].name}`;
}

/** The type token of the native provider itself, as `pulumi import --file` names an explicit provider. */
export const PROVIDER_TYPE_TOKEN = `pulumi:providers:${PACKAGE}`;

/** The kind of a native type token, or undefined for any other. */
export function kindOfNativeToken(token: string): ResourceKind | undefined {
  return KINDS.find((k) => nativeTypeToken(k) === token);
}
