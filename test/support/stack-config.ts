/**
 * The root stack's config as the Pulumi runtime hands it to the program (`namespace:key` → string, structured values
 * as JSON text): a valid one, with overrides, for the tests of its parsing (stack/config.ts).
 */
import { PROJECT } from '../../stack/types';

/** A valid config's values, by key of the project's namespace. */
export const VALID_STACK_VALUES: Record<string, unknown> = {
  callbackBaseUrl: 'https://hooks.example.com/goto',
  webhooks: { registrations: { event: 'registrant.added' } },
  subscriptions: { alice: ['registrations'] },
};

/**
 * `base` with `overrides` (undefined removes a key), each key put in the project's namespace unless it starts with
 * one (`gotowebinar:…`): a forged key such as `x\n  - ns:key` stays a key of the project's namespace.
 */
export function stackConfig(overrides: Record<string, unknown> = {}, base = VALID_STACK_VALUES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...base, ...overrides })) {
    if (v === undefined) continue;
    out[/^[\w-]+:/.test(k) ? k : `${PROJECT}:${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}
