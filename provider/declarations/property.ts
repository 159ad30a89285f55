/**
 * The vocabulary of a resource declaration: each property of a resource is declared once, with its type, whether a
 * program sets it, its default, whether a change replaces the object, whether it is secret, and one line saying what
 * it is. Check validation (check.ts), the resources' TypeScript types (below), the docs table (docs.ts) and the native
 * provider's schema (native/schema.ts) all follow from that one declaration.
 *
 * Every property of these resources is a string (GoTo's keys included: they are opaque), possibly one of fixed values.
 */
import type { Rule } from '../rules';

/** Whether a program sets the property: it must, it may, or it only reads it (an output GoTo or the provider sets). */
export type Presence = 'required' | 'optional' | 'output';

export interface Property<T extends string = string> {
  presence: Presence;
  /** One line: what it is, and what a change does. Shown in the docs table and the schema. */
  description: string;
  /** The only values allowed (an enum), when there is such a list. */
  values?: readonly T[];
  /** The name of that enum in the native provider's schema and its SDKs (e.g. `EventName`). */
  enumName?: string;
  /** What else a value must satisfy (beyond `values`), checked before any API call. */
  rule?: Rule;
  /**
   * The form an accepted value is used and stored in, when it is not the text written (a callback URL's
   * `https://bücher.example/x` is sent as `https://xn--bcher-kva.example/x`). Check returns it as the input, so the
   * state, GoTo and the next preview hold the same text as the program means.
   */
  normalize?: (value: string) => string;
  /** Filled in by check when the program leaves the property unset. */
  default?: T;
  /** A change cannot be made in place at GoTo: it means a new object. */
  replaceOnChanges?: boolean;
  /** The value is secret: the engine stores it encrypted. */
  secret?: boolean;
  /** The key of an existing object: set, the resource adopts that object instead of creating one. */
  adopts?: boolean;
  /**
   * Whether the provider's outputs always carry it. By default: required inputs, inputs with a default and outputs
   * always; other inputs when set.
   */
  inOutputs?: 'always' | 'when set';
}

export interface ResourceDeclaration<P extends Record<string, Property> = Record<string, Property>> {
  /** The type name: "Webhook" (the Pulumi type is `gotowebinar:index:Webhook`). */
  name: string;
  description: string;
  /** The output that is also the resource's id. */
  idProperty: string;
  properties: P;
}

/** A string property (its `rule` says what strings). */
export function text<const X extends Omit<Property<string>, 'values'>>(p: X): X & Property<string> {
  return p;
}

/** A property that takes one of `values`. */
export function oneOf<const T extends string, const X extends Omit<Property<T>, 'values'>>(
  values: readonly T[],
  p: X,
): X & Property<T> {
  return { ...p, values };
}

/** Declares a resource; `const` keeps each property's presence and values as literal types for the types below. */
export function declareResource<const P extends Record<string, Property>>(
  d: ResourceDeclaration<P> & { idProperty: keyof P },
): ResourceDeclaration<P> {
  return d;
}

// ---- types that follow from a declaration ------------------------------------------------------------------------

type PropsOf<D> = D extends ResourceDeclaration<infer P> ? P : never;
type ValueOf<X> = X extends Property<infer T> ? T : never;
type KeysWhere<P, Test> = { [K in keyof P]: P[K] extends Test ? K : never }[keyof P];

type RequiredInput<P> = KeysWhere<P, { presence: 'required' }>;
type OptionalInput<P> = KeysWhere<P, { presence: 'optional' }>;
type Defaulted<P> = KeysWhere<P, { default: string }>;

/** What a program may pass: required inputs, then optional ones. */
export type InputsOf<D> = { [K in RequiredInput<PropsOf<D>>]: ValueOf<PropsOf<D>[K]> } & {
  [K in OptionalInput<PropsOf<D>>]?: ValueOf<PropsOf<D>[K]>;
};

/** Inputs after check: defaults filled in, so a defaulted property is always there. */
export type CheckedInputsOf<D> = InputsOf<D> & { [K in Defaulted<PropsOf<D>> & keyof PropsOf<D>]-?: ValueOf<PropsOf<D>[K]> };

type AlwaysOut<P> = {
  [K in keyof P]: P[K] extends { inOutputs: 'always' }
    ? K
    : P[K] extends { inOutputs: 'when set' }
      ? never
      : P[K] extends { presence: 'required' | 'output' } | { default: string }
        ? K
        : never;
}[keyof P];

/** Every property as the provider returns it: those it always sets, then those it sets when they are set. */
export type OutputsOf<D> = { [K in AlwaysOut<PropsOf<D>>]: ValueOf<PropsOf<D>[K]> } & {
  [K in Exclude<keyof PropsOf<D>, AlwaysOut<PropsOf<D>>>]?: ValueOf<PropsOf<D>[K]>;
};

/** The names of a declaration's properties that a program sets. */
export function inputNames(d: ResourceDeclaration): string[] {
  return Object.keys(d.properties).filter((k) => d.properties[k].presence !== 'output');
}

/** The names of the inputs whose change replaces the object. */
export function replacingInputs(d: ResourceDeclaration): string[] {
  return inputNames(d).filter((k) => d.properties[k].replaceOnChanges);
}

/** The input that names an existing object to adopt, if the resource has one. */
export function adoptingInput(d: ResourceDeclaration): string | undefined {
  return inputNames(d).find((k) => d.properties[k].adopts);
}

/** The names of secret properties. */
export function secretNames(d: ResourceDeclaration): string[] {
  return Object.keys(d.properties).filter((k) => d.properties[k].secret);
}
