/**
 * An in-process EMULATION of the `random` provider (`@pulumi/random`), whose real plugin is a Go binary that cannot
 * be installed here. It follows the documented behaviour of terraform-provider-random closely enough for programs
 * that derive names, rotation values or passwords from random resources:
 *
 * - values are generated on create, kept in state, and never change on update, refresh or preview;
 * - every input (including `keepers`) forces a replacement when it changes, which generates a new value;
 * - defaults and outputs are those of the real resources; RandomPassword's `result` and `bcryptHash` are secret
 *   (the SDK registers them in additionalSecretOutputs, which the driver honours).
 *
 * Differences: the random sources are Node's crypto (a `seed` of RandomInteger/RandomShuffle is honoured, but does
 * not reproduce the Go provider's sequence); `bcryptHash` is NOT a bcrypt hash (there is no bcrypt here) but a
 * `$2a$10$`-prefixed SHA-256 stand-in; RandomPet uses a short built-in word list; import and `state` upgrades are not
 * emulated.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { annotateSecrets, isUnknown, stripSecrets, containsUnknowns, type PropertyMap } from '../harness';

export const RANDOM_PACKAGE_PREFIX = 'random:';

type Kind = 'RandomString' | 'RandomPassword' | 'RandomId' | 'RandomUuid' | 'RandomUuid4' | 'RandomUuid7' | 'RandomInteger' | 'RandomPet' | 'RandomBytes' | 'RandomShuffle';

const KINDS: Record<string, Kind> = {
  'random:index/randomString:RandomString': 'RandomString',
  'random:index/randomPassword:RandomPassword': 'RandomPassword',
  'random:index/randomId:RandomId': 'RandomId',
  'random:index/randomUuid:RandomUuid': 'RandomUuid',
  'random:index/randomUuid4:RandomUuid4': 'RandomUuid4',
  'random:index/randomUuid7:RandomUuid7': 'RandomUuid7',
  'random:index/randomInteger:RandomInteger': 'RandomInteger',
  'random:index/randomPet:RandomPet': 'RandomPet',
  'random:index/randomBytes:RandomBytes': 'RandomBytes',
  'random:index/randomShuffle:RandomShuffle': 'RandomShuffle',
};

export function isRandomType(type: string): boolean {
  return type.startsWith(RANDOM_PACKAGE_PREFIX);
}

export function isEmulatedRandomType(type: string): boolean {
  return type in KINDS;
}

export const EMULATED_RANDOM_TYPES = Object.keys(KINDS);

export interface CheckFailure {
  property: string;
  reason: string;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMERIC = '0123456789';
const SPECIAL = '!@#$%&*()-_=+[]{}<>:?';

function kindOf(type: string): Kind {
  const kind = KINDS[type];
  if (!kind) {
    throw new Error(
      `${type} is not emulated by the lifecycle driver (the random provider is emulated in-process; supported: ` +
        `${Object.values(KINDS).join(', ')})`,
    );
  }
  return kind;
}

function known(v: unknown): boolean {
  return !containsUnknowns(v);
}

function numberInput(inputs: PropertyMap, key: string, failures: CheckFailure[], opts: { required?: boolean; min?: number; def?: number }): void {
  const raw = inputs[key];
  if (raw === undefined || raw === null) {
    if (opts.def !== undefined) inputs[key] = opts.def;
    else if (opts.required) failures.push({ property: key, reason: `Missing required property '${key}'` });
    return;
  }
  if (!known(raw)) return;
  const v = stripSecrets(raw);
  if (typeof v !== 'number' || !Number.isInteger(v)) failures.push({ property: key, reason: `${key} must be an integer` });
  else if (opts.min !== undefined && v < opts.min) failures.push({ property: key, reason: `${key} must be at least ${opts.min}` });
}

function boolInput(inputs: PropertyMap, key: string, def: boolean): void {
  if (inputs[key] === undefined || inputs[key] === null) inputs[key] = def;
}

/** Check: fill the provider's defaults and validate, as the real provider's Check does. */
export function checkRandom(type: string, news: PropertyMap): { inputs: PropertyMap; failures: CheckFailure[] } {
  const kind = kindOf(type);
  const inputs: PropertyMap = structuredClone(news);
  const failures: CheckFailure[] = [];
  switch (kind) {
    case 'RandomString':
    case 'RandomPassword': {
      numberInput(inputs, 'length', failures, { required: true, min: 1 });
      for (const k of ['minLower', 'minUpper', 'minNumeric', 'minSpecial']) numberInput(inputs, k, failures, { def: 0, min: 0 });
      boolInput(inputs, 'lower', true);
      boolInput(inputs, 'upper', true);
      boolInput(inputs, 'special', true);
      // `number` is the deprecated spelling of `numeric`; the provider keeps both in sync.
      if (inputs.numeric === undefined || inputs.numeric === null) inputs.numeric = inputs.number ?? true;
      if (inputs.number === undefined || inputs.number === null) inputs.number = inputs.numeric;
      const plain = stripSecrets(inputs);
      if (known(plain)) {
        const mins = ['minLower', 'minUpper', 'minNumeric', 'minSpecial'].reduce((s, k) => s + Number(plain[k] ?? 0), 0);
        if (typeof plain.length === 'number' && plain.length < mins) {
          failures.push({ property: 'length', reason: `length (${plain.length}) must be at least the sum of the min* values (${mins})` });
        }
        if (!plain.lower && !plain.upper && !plain.numeric && !plain.special) {
          failures.push({ property: 'length', reason: 'at least one of lower, upper, numeric or special must be true' });
        }
      }
      break;
    }
    case 'RandomId':
      numberInput(inputs, 'byteLength', failures, { required: true, min: 1 });
      break;
    case 'RandomInteger': {
      numberInput(inputs, 'min', failures, { required: true });
      numberInput(inputs, 'max', failures, { required: true });
      const plain = stripSecrets(inputs);
      if (typeof plain.min === 'number' && typeof plain.max === 'number' && plain.max < plain.min) {
        failures.push({ property: 'max', reason: 'minimum value needs to be smaller than or equal to maximum value' });
      }
      break;
    }
    case 'RandomPet':
      numberInput(inputs, 'length', failures, { def: 2, min: 1 });
      if (inputs.separator === undefined || inputs.separator === null) inputs.separator = '-';
      break;
    case 'RandomBytes':
      numberInput(inputs, 'length', failures, { required: true, min: 1 });
      break;
    case 'RandomShuffle':
      if (inputs.inputs === undefined) failures.push({ property: 'inputs', reason: "Missing required property 'inputs'" });
      numberInput(inputs, 'resultCount', failures, { min: 0 });
      break;
    default:
      break;
  }
  return { inputs, failures };
}

/** Every input forces a replacement (the real resources mark all arguments ForceNew). */
export function diffRandom(oldInputs: PropertyMap, news: PropertyMap, equal: (a: unknown, b: unknown) => boolean): { changed: string[] } {
  const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)]);
  const changed = [...keys].filter((k) => isUnknown(news[k]) || containsUnknowns(news[k]) || !equal(oldInputs[k], news[k])).sort();
  return { changed };
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)];
}

function shuffle<T>(items: T[], next: (n: number) => number = randomInt): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function seeded(seed: string): (n: number) => number {
  let counter = 0;
  return (n: number) => {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return digest.readUInt32BE(0) % n;
  };
}

function generateString(p: Record<string, unknown>): string {
  const special = typeof p.overrideSpecial === 'string' ? p.overrideSpecial : SPECIAL;
  const sets: Array<[boolean, string, number]> = [
    [!!p.lower, LOWER, Number(p.minLower ?? 0)],
    [!!p.upper, UPPER, Number(p.minUpper ?? 0)],
    [!!p.numeric, NUMERIC, Number(p.minNumeric ?? 0)],
    [!!p.special, special, Number(p.minSpecial ?? 0)],
  ];
  const chars: string[] = [];
  let all = '';
  for (const [on, set, min] of sets) {
    if (!on || set === '') continue;
    all += set;
    for (let i = 0; i < min; i++) chars.push(pick(set));
  }
  const length = Number(p.length);
  while (chars.length < length) chars.push(pick(all));
  return shuffle(chars).join('');
}

const ADVERBS = ['briefly', 'calmly', 'eagerly', 'gently', 'happily', 'kindly', 'neatly', 'quickly', 'quietly', 'slowly'];
const ADJECTIVES = ['able', 'brave', 'clever', 'daring', 'eager', 'fancy', 'gentle', 'honest', 'jolly', 'lively', 'merry', 'noble', 'proud', 'quick', 'witty'];
const NAMES = ['badger', 'beaver', 'falcon', 'gecko', 'heron', 'koala', 'lemur', 'marten', 'otter', 'panda', 'quail', 'raven', 'stork', 'tapir', 'walrus'];

function uuidV7(): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Create: generate the value. Returns the id and the outputs (inputs with defaults plus the generated values). */
export function createRandom(type: string, inputs: PropertyMap): { id: string; outputs: PropertyMap } {
  const kind = kindOf(type);
  const p = stripSecrets(inputs) as Record<string, unknown>;
  const generated: PropertyMap = {};
  let id: string;
  switch (kind) {
    case 'RandomString':
      generated.result = generateString(p);
      id = generated.result as string;
      break;
    case 'RandomPassword': {
      const result = generateString(p);
      generated.result = result;
      generated.bcryptHash = `$2a$10$${createHash('sha256').update(result).digest('base64').slice(0, 53)}`;
      id = 'none';
      break;
    }
    case 'RandomId': {
      const bytes = randomBytes(Number(p.byteLength));
      const prefix = typeof p.prefix === 'string' ? p.prefix : '';
      const b64Url = bytes.toString('base64url');
      generated.b64Url = prefix + b64Url;
      generated.b64Std = prefix + bytes.toString('base64');
      generated.hex = prefix + bytes.toString('hex');
      generated.dec = prefix + BigInt(`0x${bytes.toString('hex')}`).toString(10);
      id = b64Url;
      break;
    }
    case 'RandomUuid':
    case 'RandomUuid4':
      generated.result = randomUUID();
      id = generated.result as string;
      break;
    case 'RandomUuid7':
      generated.result = uuidV7();
      id = generated.result as string;
      break;
    case 'RandomInteger': {
      const min = Number(p.min);
      const max = Number(p.max);
      const next = p.seed !== undefined ? seeded(String(p.seed)) : (n: number) => randomInt(n);
      generated.result = min + next(max - min + 1);
      id = String(generated.result);
      break;
    }
    case 'RandomPet': {
      const length = Number(p.length ?? 2);
      const words: string[] = [];
      // length-2 adverbs, one adjective, one name (the pet name is the resource id; there is no other output).
      for (let i = 0; i < length - 1; i++) {
        const list = i < length - 2 ? ADVERBS : ADJECTIVES;
        words.push(list[randomInt(list.length)]);
      }
      words.push(NAMES[randomInt(NAMES.length)]);
      if (typeof p.prefix === 'string' && p.prefix !== '') words.unshift(p.prefix);
      id = words.join(String(p.separator ?? '-'));
      break;
    }
    case 'RandomBytes': {
      const bytes = randomBytes(Number(p.length));
      generated.base64 = bytes.toString('base64');
      generated.hex = bytes.toString('hex');
      id = 'none';
      break;
    }
    case 'RandomShuffle': {
      const list = Array.isArray(p.inputs) ? (p.inputs as unknown[]) : [];
      const next = p.seed !== undefined ? seeded(String(p.seed)) : (n: number) => randomInt(n);
      const shuffled = list.length > 0 ? shuffle(list, next) : [];
      const count = p.resultCount === undefined ? shuffled.length : Number(p.resultCount);
      const results: unknown[] = [];
      for (let i = 0; i < count && shuffled.length > 0; i++) results.push(shuffled[i % shuffled.length]);
      generated.results = results;
      id = '-';
      break;
    }
  }
  // The real provider accepts secrets: an output keeps the secretness of the input under the same key.
  const outputs = annotateSecrets({ ...stripSecrets(inputs), ...generated }, inputs);
  return { id, outputs };
}
