/** Value helpers of the driver: equality of wire values, secret bookkeeping, presentation, redaction. */
import { isSecret, isUnknown, secret, stripSecrets, type PropertyMap } from '../harness';

export const SECRET_PLACEHOLDER = '[secret]';
export const UNKNOWN_PLACEHOLDER = '[unknown]';
export const PROVIDER_KEY = '__provider';

/** Structural equality of two wire values (object key order does not matter; secret markers do). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** Top-level keys whose values differ; `__provider` only when asked (the engine compares it only for DIFF_UNKNOWN). */
export function changedKeys(olds: PropertyMap, news: PropertyMap, includeProvider = false): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys]
    .filter((k) => includeProvider || k !== PROVIDER_KEY)
    .filter((k) => !deepEqual(olds[k], news[k]))
    .sort();
}

/** What the engine does with additionalSecretOutputs: those outputs become secret. */
export function markSecretOutputs(outputs: PropertyMap, keys: readonly string[] | undefined): PropertyMap {
  if (!keys || keys.length === 0) return outputs;
  const out = { ...outputs };
  for (const k of keys) {
    if (Object.prototype.hasOwnProperty.call(out, k) && out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  }
  return out;
}

/** For reports: secrets become "[secret]" and unknowns "[unknown]", everything else stays. */
export function present(value: unknown): unknown {
  if (isSecret(value)) return SECRET_PLACEHOLDER;
  if (isUnknown(value)) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(present);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, present(v)]));
  }
  return value;
}

/** Collects the plaintext of every secret it is shown, and blanks them out of messages. */
export class Redactor {
  private readonly values = new Set<string>();

  add(text: string | undefined): void {
    if (typeof text === 'string' && text.length >= 3) this.values.add(text);
  }

  /** Learns every secret inside a wire value (strings inside secrets; non-strings by their JSON text too). */
  learn(value: unknown): void {
    if (isSecret(value)) {
      const plain = stripSecrets(value.value);
      this.collectStrings(plain);
      if (typeof plain !== 'string' && plain !== null && plain !== undefined) this.add(JSON.stringify(plain));
      return;
    }
    if (Array.isArray(value)) value.forEach((v) => this.learn(v));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => this.learn(v));
  }

  /** A secret config value: its text, and every value inside when it is JSON (e.g. `--path` objects of tokens). */
  learnConfig(text: string | undefined): void {
    if (text === undefined) return;
    this.add(text);
    try {
      this.collectStrings(JSON.parse(text));
    } catch {
      // not JSON: the text itself is the secret
    }
  }

  private collectStrings(value: unknown): void {
    if (typeof value === 'string') this.add(value);
    else if (typeof value === 'number' || typeof value === 'boolean') this.add(String(value));
    else if (Array.isArray(value)) value.forEach((v) => this.collectStrings(v));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => this.collectStrings(v));
  }

  redact(message: string): string {
    let out = message;
    // Longest first, so that a secret containing another one is blanked whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      if (out.includes(v)) out = out.split(v).join(SECRET_PLACEHOLDER);
    }
    return out;
  }
}
