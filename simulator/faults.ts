/**
 * Injected faults (all off by default) so a client's retry/backoff and eventual-consistency handling can be tested
 * deterministically: rate-based faults draw from a seeded PRNG, so the same seed and request sequence always fail
 * the same requests. The one fault measured in time (a period of 429s) reads an injectable clock.
 */
import type { FaultSettings } from './types';
import { badRequest } from './http-io';
import { isPlainObject } from './validation';

/** mulberry32: tiny, fast, good enough for deciding which request fails. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS: Record<keyof FaultSettings, { min: number; max: number; integer: boolean }> = {
  serverErrorRate: { min: 0, max: 1, integer: false },
  latencyMs: { min: 0, max: 60_000, integer: false },
  notFoundAfterCreateMs: { min: 0, max: 3_600_000, integer: false },
  dropConnectionRate: { min: 0, max: 1, integer: false },
  lostAnswerRate: { min: 0, max: 1, integer: false },
  tooManyRequestsBurst: { min: 0, max: 1_000_000, integer: true },
  tooManyRequestsForMs: { min: 0, max: 3_600_000, integer: false },
  seed: { min: -(2 ** 31), max: 2 ** 32 - 1, integer: true },
};

/** Checks a (partial) FaultSettings object from the admin API or the options; throws a 400 ApiError. */
export function validateFaultSettings(input: unknown): FaultSettings {
  if (!isPlainObject(input)) throw badRequest('faults must be a JSON object');
  const out: FaultSettings = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue; // { latencyMs: undefined } from code means "leave as is"
    const spec = FIELDS[key as keyof FaultSettings];
    if (!spec) throw badRequest(`unknown fault setting ${key}; known: ${Object.keys(FIELDS).join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max || (spec.integer && !Number.isInteger(value))) {
      throw badRequest(`fault setting ${key} must be ${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]`);
    }
    out[key as keyof FaultSettings] = value;
  }
  return out;
}

export type FaultDecision = 'drop' | 'serverError' | 'tooManyRequests' | undefined;

export class Faults {
  private settings: Required<Omit<FaultSettings, 'tooManyRequestsForMs'>> = {
    serverErrorRate: 0,
    latencyMs: 0,
    notFoundAfterCreateMs: 0,
    dropConnectionRate: 0,
    lostAnswerRate: 0,
    tooManyRequestsBurst: 0,
    seed: 1,
  };
  private random = mulberry32(1);
  /** Epoch ms until which every API request is answered 429 (tooManyRequestsForMs, from when it was set). */
  private tooManyRequestsUntil = 0;

  /** `now` is the clock of the 429 period only (default the real one). */
  constructor(
    initial: FaultSettings = {},
    private readonly now: () => number = Date.now,
  ) {
    this.merge(initial);
  }

  /** Merges the given settings over the current ones; a given seed restarts the PRNG, a given 429 period starts now. */
  merge(update: FaultSettings): void {
    const { tooManyRequestsForMs, ...clean } = validateFaultSettings(update);
    this.settings = { ...this.settings, ...clean };
    if (clean.seed !== undefined) this.random = mulberry32(clean.seed);
    if (tooManyRequestsForMs !== undefined) this.tooManyRequestsUntil = this.now() + tooManyRequestsForMs;
  }

  /** The settings, with what is left of a 429 period (in whole ms, rounded up) as `tooManyRequestsForMs`. */
  current(): Required<FaultSettings> {
    return { ...this.settings, tooManyRequestsForMs: this.periodLeftMs() };
  }

  get latencyMs(): number {
    return this.settings.latencyMs;
  }

  get notFoundAfterCreateMs(): number {
    return this.settings.notFoundAfterCreateMs;
  }

  /**
   * Whether the answer to a request that WAS applied is lost (its connection destroyed after the change was made):
   * the case where a client cannot know whether its POST took effect. Asked after the handler succeeded.
   */
  loseAnswer(): boolean {
    return this.settings.lostAnswerRate > 0 && this.random() < this.settings.lostAnswerRate;
  }

  /**
   * Decides the fate of one API request, in this order: a 429 period (every request refused, as when a co-tenant
   * uses up the token's limit: it comes first, like a gateway's limit in front of everything else), dropped
   * connection, 503, burst 429. The PRNG is only consulted for rates that are on, so switching one fault on does
   * not reshuffle another's sequence.
   */
  decide(): FaultDecision {
    if (this.periodLeftMs() > 0) return 'tooManyRequests';
    const s = this.settings;
    if (s.dropConnectionRate > 0 && this.random() < s.dropConnectionRate) return 'drop';
    if (s.serverErrorRate > 0 && this.random() < s.serverErrorRate) return 'serverError';
    if (s.tooManyRequestsBurst > 0) {
      s.tooManyRequestsBurst--;
      return 'tooManyRequests';
    }
    return undefined;
  }

  private periodLeftMs(): number {
    return Math.max(0, Math.ceil(this.tooManyRequestsUntil - this.now()));
  }
}
