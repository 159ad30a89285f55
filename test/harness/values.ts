/**
 * Property values as the engine moves them between its state and a provider plugin, in plain JavaScript.
 *
 * A property map is a plain object of JSON values, plus two markers the engine understands:
 * - a secret: `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }` (see {@link secret});
 * - an unknown (preview only): the string {@link UNKNOWN} (or one of the typed sentinels in {@link UNKNOWN_SENTINELS}).
 *
 * The marshalling rules mirror the engine's `MarshalProperties` / `UnmarshalProperties`
 * (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go) and the secret bookkeeping it does for providers that answer
 * Configure with acceptSecrets=false (`annotateSecrets` / `removeSecrets` in provider_plugin.go). Assets, archives,
 * resource references and output values are not modelled: dynamic providers do not get them in this project.
 */
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';

/** `resource.SigKey` / `rpc.specialSigKey` and `resource.SecretSig` / `rpc.specialSecretSig`: the SDK's own. */
export const SIG_KEY = specialSigKey;
export const SECRET_SIG = specialSecretSig;
/**
 * The unknown sentinel a Node program's unknown outputs become, and the one the engine sends for an unknown string
 * (`UnknownStringValue` in rpc.go, `rpc.unknownValue` in runtime/rpc.js). Only ever sent in preview.
 */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
/** All typed unknown sentinels the engine recognises when it unmarshals (rpc.go). */
export const UNKNOWN_SENTINELS: readonly string[] = [
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7', // bool
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421', // number
  UNKNOWN, // string
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2', // array
  '030794c1-ac77-496b-92df-f27374a8bd58', // asset
  'e48ece36-62e2-4504-bad9-02848725956a', // archive
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff', // object
];

export type PropertyValue = unknown;
export type PropertyMap = Record<string, PropertyValue>;

export interface SecretValue<T = unknown> {
  [SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

/** Wraps a value the way the engine marks a secret on the wire. */
export function secret<T>(value: T): SecretValue<T> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecret(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SIG_KEY] === SECRET_SIG;
}

export function isUnknown(value: unknown): boolean {
  return typeof value === 'string' && UNKNOWN_SENTINELS.includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object that is not a secret wrapper (the engine's `IsObject()`). */
function isObjectValue(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !isSecret(value);
}

/** True when the value is or contains a secret (the engine's `ContainsSecrets()`). */
export function containsSecrets(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

export function containsUnknowns(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

/**
 * Deeply replaces every secret by its plain value: what the engine sends a provider that answered Configure with
 * acceptSecrets=false (`MarshalProperties` with KeepSecrets=false; `removeSecrets` for Configure's variables).
 */
export function stripSecrets<T>(value: T): T {
  if (isSecret(value)) return stripSecrets(value.value) as T;
  if (Array.isArray(value)) return value.map(stripSecrets) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = stripSecrets(v);
    return out as T;
  }
  return value;
}

/**
 * Re-marks outputs as secret the way the engine does after calling a provider that does not accept secrets
 * (`annotateSecrets` in provider_plugin.go): for every key present in both maps, if both values are objects it recurses;
 * otherwise, if the input value contains a secret and the output is not already secret, the whole output value under
 * that key becomes secret. Keys that only exist in the outputs are left alone (a secret copied to a new key leaks as
 * plaintext unless the resource lists it in additionalSecretOutputs). Returns a new map; the arguments are untouched.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap | undefined): PropertyMap {
  const result = structuredClone(outs);
  if (ins) annotateInPlace(result, ins);
  return result;
}

/**
 * The engine's secret handling around one call to a provider that does not accept secrets: `call` gets the inputs
 * with every secret stripped, and its result is re-marked by key from the original inputs. Handy to call a provider
 * object in-process the way the engine would (the plugin methods of the harness already do this themselves).
 */
export async function withEngineSecrets<R extends PropertyMap>(
  inputs: PropertyMap,
  call: (plainInputs: PropertyMap) => Promise<R> | R,
): Promise<R> {
  const result = await call(stripSecrets(inputs));
  return annotateSecrets(result, inputs) as R;
}

function annotateInPlace(outs: Record<string, unknown>, ins: Record<string, unknown>): void {
  for (const [key, inValue] of Object.entries(ins)) {
    if (!Object.prototype.hasOwnProperty.call(outs, key)) continue;
    const outValue = outs[key];
    if (isObjectValue(outValue) && isObjectValue(inValue)) {
      annotateInPlace(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      outs[key] = secret(outValue);
    }
  }
}

export interface MarshalOptions {
  /** Keep secret markers (true only when the plugin accepts secrets). */
  keepSecrets: boolean;
  /** Keep unknown sentinels (preview); otherwise unknown values are dropped, as the engine does. */
  keepUnknowns: boolean;
}

/**
 * Encodes a property map into the plain JSON the engine puts into a google.protobuf.Struct. `undefined` members are
 * omitted (a PropertyMap has no undefined), `undefined` array elements become null.
 */
export function marshalProperties(props: PropertyMap, opts: MarshalOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props).sort()) {
    const value = props[key];
    if (value === undefined) continue;
    const m = marshalValue(value, opts, key);
    if (m !== DROP) out[key] = m;
  }
  return out;
}

const DROP = Symbol('drop');

function marshalValue(value: unknown, opts: MarshalOptions, key: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (isUnknown(value)) return opts.keepUnknowns ? value : DROP;
    return value;
  }
  if (Array.isArray(value)) {
    const elems: unknown[] = [];
    for (const elem of value) {
      const m = marshalValue(elem, opts, key);
      if (m !== DROP) elems.push(m);
    }
    return elems;
  }
  if (isSecret(value)) {
    if (!opts.keepSecrets) return marshalValue(value.value, opts, key);
    const inner = marshalValue(value.value, opts, key);
    return { [SIG_KEY]: SECRET_SIG, value: inner === DROP ? null : inner };
  }
  if (isPlainObject(value)) return marshalProperties(value, opts);
  throw new TypeError(`property "${key}": ${typeof value} values cannot be sent to a provider (${String(value)})`);
}

export interface UnmarshalOptions {
  /** Keep unknown sentinels (preview). */
  keepUnknowns: boolean;
  /** Fail on unknown sentinels (the engine rejects them outside preview). Takes precedence over keepUnknowns. */
  rejectUnknowns: boolean;
}

export class UnexpectedUnknownError extends Error {
  constructor(readonly property: string) {
    super(`unexpected unknown property value for "${property}"`);
    this.name = 'UnexpectedUnknownError';
  }
}

/** Decodes a Struct's plain JSON the way the engine's `UnmarshalProperties` does (secrets are always kept). */
export function unmarshalProperties(props: Record<string, unknown> | undefined, opts: UnmarshalOptions): PropertyMap {
  const out: PropertyMap = {};
  if (!props) return out;
  for (const key of Object.keys(props).sort()) {
    const m = unmarshalValue(props[key], opts, key);
    if (m !== DROP) out[key] = m;
  }
  return out;
}

function unmarshalValue(value: unknown, opts: UnmarshalOptions, key: string): unknown {
  if (typeof value === 'string' && isUnknown(value)) {
    if (opts.rejectUnknowns) throw new UnexpectedUnknownError(key);
    return opts.keepUnknowns ? value : DROP;
  }
  if (Array.isArray(value)) {
    const elems: unknown[] = [];
    for (const elem of value) {
      const m = unmarshalValue(elem, opts, key);
      if (m !== DROP) elems.push(m);
    }
    return elems;
  }
  if (isSecret(value)) {
    const inner = unmarshalValue(value.value, opts, key);
    return secret(inner === DROP ? null : inner);
  }
  if (isPlainObject(value)) return unmarshalProperties(value, opts);
  return value;
}
