/**
 * The root stack's configuration: what a stack file (`Pulumi.<stack>.yaml`) declares, read and validated before a
 * single resource is registered. Every problem is reported at once, each naming the full config key
 * (`gotowebinar-webhooks:webhooks.registrations.event`) and what to write instead.
 *
 * Plain data in, plain data out: no Pulumi import, so it is unit-tested directly.
 *
 *   gotowebinar-webhooks:callbackBaseUrl: https://hooks.example.com/goto   # https, or http on loopback only
 *   gotowebinar-webhooks:callbackTokenRotation: "2026-01"                  # optional: change it for a new path token
 *   gotowebinar-webhooks:webhooks:                                         # name -> webhook
 *     registrations: { event: registrant.added }                           # state ACTIVE (default), path = name
 *     changes: { event: webinar.changed, state: INACTIVE, path: webinars/changed }
 *   gotowebinar-webhooks:secretKey: { rotation: "2026-01", validFrom: "2026-01-01T00:00:00Z" }  # both optional
 *   gotowebinar-webhooks:subscriptions:                                    # organizer profile -> webhook names
 *     alice: [registrations, changes]
 *     bob: { webhooks: [registrations], state: INACTIVE }
 *
 * Credentials and the API URL never belong here: they are `gotowebinar:*` keys set with `pulumi config set --secret`
 * or `GOTOWEBINAR_*` environment variables, read by the provider when it runs.
 */

import { EVENT_NAMES, type EventName } from 'pulumi-gotowebinar/client';
import { isIsoDateTime, isLoopbackHost } from 'pulumi-gotowebinar/rules';

/** The project name in Pulumi.yaml, hence the namespace of the keys above. */
export const PROJECT = 'gotowebinar-webhooks';

/** GoToWebinar's events, as the package knows them. */
export const EVENTS = EVENT_NAMES;
export type StackEventName = EventName;
export type StackState = 'ACTIVE' | 'INACTIVE';

/** The name under which the stack's default credentials subscribe (no organizer profile). */
export const DEFAULT_ORGANIZER = 'default';

export interface WebhookDecl {
  /** Key in the `webhooks` map; also the Pulumi resource name. */
  name: string;
  eventName: StackEventName;
  state: StackState;
  /** Path after `<callbackBaseUrl>/<token>/`, without a leading slash. */
  path: string;
}

export interface SubscriptionDecl {
  /** Pulumi resource name: `<organizer>-<webhook>`. */
  name: string;
  /** Organizer profile name, or undefined for the default credentials (`default` in the stack file). */
  organizer: string | undefined;
  /** As written in the stack file (`default` for the default credentials). */
  organizerName: string;
  webhook: string;
  state: StackState;
}

export interface StackSettings {
  /** Without a trailing slash. */
  callbackBaseUrl: string;
  /** Keeper of the callback path token: changing it makes a new token (and so new callback URLs). */
  callbackTokenRotation: string;
  webhooks: WebhookDecl[];
  secretKey: { validFrom?: string; rotation?: string };
  subscriptions: SubscriptionDecl[];
}

export interface ConfigIssue {
  /** Full config key, e.g. `gotowebinar-webhooks:webhooks.registrations.event`. */
  key: string;
  message: string;
}

export class StackConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `Invalid stack configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.key}: ${i.message}`).join('\n'),
    );
    this.name = 'StackConfigError';
  }
}

const KNOWN_KEYS = ['callbackBaseUrl', 'callbackTokenRotation', 'webhooks', 'secretKey', 'subscriptions'] as const;
const WEBHOOK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ORGANIZER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;
/** Credentials and URLs the provider reads: they have no place in the project's namespace. */
const PROVIDER_KEYS = ['accessToken', 'clientId', 'clientSecret', 'refreshToken', 'apiUrl', 'authUrl', 'organizers'];

/**
 * Validates the stack configuration. `config` is the whole stack config as the Pulumi runtime holds it
 * (`pulumi.runtime.allConfig()`): `namespace:key` → string, structured values as JSON text.
 * @throws StackConfigError listing every problem, each naming its key
 */
export function parseStackConfig(config: Record<string, string>, project = PROJECT): StackSettings {
  const issues: ConfigIssue[] = [];
  const ns = `${project}:`;
  const key = (path: string) => `${ns}${path}`;
  const problem = (path: string, message: string) => issues.push({ key: key(path), message });

  for (const k of Object.keys(config)) {
    if (!k.startsWith(ns)) continue;
    const name = k.slice(ns.length);
    if ((KNOWN_KEYS as readonly string[]).includes(name)) continue;
    if (PROVIDER_KEYS.includes(name)) {
      problem(name, `is a provider setting: use gotowebinar:${name} (secrets with --secret) or the GOTOWEBINAR_* environment variables.`);
    } else {
      problem(name, `is not a setting of this project; expected one of: ${KNOWN_KEYS.join(', ')}.`);
    }
  }

  // ---- callbackBaseUrl -------------------------------------------------------------------------------------------
  let callbackBaseUrl = '';
  const rawBase = config[key('callbackBaseUrl')];
  if (rawBase === undefined || rawBase.trim() === '') {
    problem('callbackBaseUrl', 'is required: the https URL under which the receiving application gets GoTo\'s events, e.g. https://hooks.example.com/goto.');
  } else {
    const reason = callbackBaseReason(rawBase.trim());
    if (reason) problem('callbackBaseUrl', reason);
    else callbackBaseUrl = rawBase.trim().replace(/\/+$/, '');
  }

  // ---- callbackTokenRotation ------------------------------------------------------------------------------------
  const rotationRaw = config[key('callbackTokenRotation')];
  let callbackTokenRotation = '';
  if (rotationRaw !== undefined) {
    if (rotationRaw.trim() === '') problem('callbackTokenRotation', 'must not be empty (leave it out instead).');
    else callbackTokenRotation = rotationRaw.trim();
  }

  // ---- webhooks ------------------------------------------------------------------------------------------------
  const webhooks: WebhookDecl[] = [];
  const hooks = readObject(config, key('webhooks'), 'webhooks', problem, 'a map of webhook name to { event, state?, path? }');
  if (hooks === undefined) {
    if (config[key('webhooks')] === undefined) {
      problem('webhooks', 'is required: a map of webhook name to { event, state?, path? }, e.g. registrations: { event: registrant.added }.');
    }
  } else {
    if (Object.keys(hooks).length === 0) problem('webhooks', 'declares no webhook; declare at least one.');
    for (const [name, value] of Object.entries(hooks)) {
      const at = `webhooks.${name}`;
      if (!WEBHOOK_NAME.test(name)) {
        problem(at, 'webhook names are lower-case letters, digits and "-" (up to 63), starting with a letter or digit.');
        continue;
      }
      if (!isPlainObject(value)) {
        problem(at, `must be an object { event, state?, path? }, got ${show(value)}.`);
        continue;
      }
      unknownFields(value, ['event', 'state', 'path'], at, problem);
      const eventName = value.event;
      if (eventName === undefined) problem(`${at}.event`, `is required: one of ${EVENTS.join(', ')}.`);
      else if (!(EVENTS as readonly unknown[]).includes(eventName)) {
        problem(`${at}.event`, `must be one of ${EVENTS.join(', ')}, got ${show(eventName)}.`);
      }
      const state = readState(value.state, `${at}.state`, problem);
      let path = name;
      if (value.path !== undefined) {
        if (typeof value.path !== 'string' || !PATH.test(value.path.replace(/^\/+/, '')) || value.path.split('/').some((s) => s === '.' || s === '..')) {
          problem(`${at}.path`, `must be a URL path such as "registrations" or "webinars/changed" (letters, digits, "-", "_", ".", "~" and "/"), got ${show(value.path)}.`);
        } else path = value.path.replace(/^\/+/, '');
      }
      webhooks.push({ name, eventName: eventName as StackEventName, state: state ?? 'ACTIVE', path });
    }
  }

  // ---- secretKey -----------------------------------------------------------------------------------------------
  const secretKey: StackSettings['secretKey'] = {};
  const sk = readObject(config, key('secretKey'), 'secretKey', problem, 'an object { validFrom?, rotation? }');
  if (sk !== undefined) {
    unknownFields(sk, ['validFrom', 'rotation'], 'secretKey', problem);
    if (sk.validFrom !== undefined) {
      if (!isIsoDateTime(sk.validFrom)) {
        problem('secretKey.validFrom', `must be an ISO 8601 date-time with a time zone, e.g. "2026-12-01T00:00:00Z", got ${show(sk.validFrom)}.`);
      } else secretKey.validFrom = sk.validFrom;
    }
    if (sk.rotation !== undefined) {
      const rotation = typeof sk.rotation === 'number' ? String(sk.rotation) : sk.rotation;
      if (typeof rotation !== 'string' || rotation.trim() === '') {
        problem('secretKey.rotation', `must be a non-empty text (change it to get a new key), got ${show(sk.rotation)}.`);
      } else secretKey.rotation = rotation;
    }
  }

  // ---- subscriptions -------------------------------------------------------------------------------------------
  const subscriptions: SubscriptionDecl[] = [];
  const subs = readObject(config, key('subscriptions'), 'subscriptions', problem, 'a map of organizer profile to a list of webhook names');
  if (subs !== undefined) {
    const names = new Map<string, string>();
    for (const [organizerName, value] of Object.entries(subs)) {
      const at = `subscriptions.${organizerName}`;
      if (!ORGANIZER_NAME.test(organizerName)) {
        problem(at, 'organizer profile names are letters, digits, "-" and "_" (as in gotowebinar:organizers.<name>).');
        continue;
      }
      let list: unknown;
      let state: StackState = 'ACTIVE';
      let listAt = at;
      if (Array.isArray(value)) list = value;
      else if (isPlainObject(value)) {
        unknownFields(value, ['webhooks', 'state'], at, problem);
        list = value.webhooks;
        listAt = `${at}.webhooks`;
        state = readState(value.state, `${at}.state`, problem) ?? 'ACTIVE';
        if (list === undefined) {
          problem(listAt, 'is required: the names of the webhooks this organizer subscribes to.');
          continue;
        }
      } else {
        problem(at, `must be a list of webhook names, or { webhooks: [...], state? }, got ${show(value)}.`);
        continue;
      }
      if (!Array.isArray(list)) {
        problem(listAt, `must be a list of webhook names, got ${show(list)}.`);
        continue;
      }
      const seen = new Set<string>();
      list.forEach((webhook, i) => {
        const itemAt = `${listAt}[${i}]`;
        if (typeof webhook !== 'string' || !hooks || !Object.prototype.hasOwnProperty.call(hooks, webhook)) {
          const declared = hooks ? Object.keys(hooks).join(', ') : 'none';
          problem(itemAt, `must name a webhook declared in ${key('webhooks')} (${declared}), got ${show(webhook)}.`);
          return;
        }
        if (seen.has(webhook)) {
          problem(itemAt, `subscribes to "${webhook}" twice.`);
          return;
        }
        seen.add(webhook);
        const name = `${organizerName}-${webhook}`;
        const clash = names.get(name);
        if (clash) {
          problem(itemAt, `gives the resource name "${name}", as ${clash} does; rename the organizer or the webhook.`);
          return;
        }
        names.set(name, key(itemAt));
        subscriptions.push({
          name,
          organizer: organizerName === DEFAULT_ORGANIZER ? undefined : organizerName,
          organizerName,
          webhook,
          state,
        });
      });
    }
  }

  if (issues.length > 0) throw new StackConfigError(issues);
  return { callbackBaseUrl, callbackTokenRotation, webhooks, secretKey, subscriptions };
}

/** The callback URL of a webhook: `<base>/<token>/<path>`. */
export function callbackUrlFor(base: string, token: string, path: string): string {
  return `${base}/${token}/${path}`;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

function callbackBaseReason(value: string): string | undefined {
  // The URL parser would silently drop tabs and newlines: refuse them (and other control characters) first.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'must not contain whitespace or control characters.';
  if (value.length > 1024) return `must be at most 1024 characters (the path token and webhook path are appended), got ${value.length}.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL such as https://hooks.example.com/goto, got ${show(value)}.`;
  }
  if (url.search || url.hash) return `must not have a query or fragment (the path token and webhook path are appended), got ${show(value)}.`;
  if (url.username || url.password) return 'must not hold credentials (user:password@).';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  if (url.protocol === 'http:') {
    return `must be https: GoTo only calls https URLs (plain http is allowed for loopback hosts, for the local simulator), got ${show(value)}.`;
  }
  return `must be an https URL, got ${show(value)}.`;
}

type Problem = (path: string, message: string) => void;

/** Reads a structured value (JSON text, as the runtime gives it). undefined when absent or invalid (reported). */
function readObject(
  config: Record<string, string>,
  fullKey: string,
  path: string,
  problem: Problem,
  expected: string,
): Record<string, unknown> | undefined {
  const raw = config[fullKey];
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    problem(path, `must be ${expected} (a YAML mapping in the stack file, or set with --path), got the text ${show(raw)}.`);
    return undefined;
  }
  if (!isPlainObject(value)) {
    problem(path, `must be ${expected}, got ${show(value)}.`);
    return undefined;
  }
  return value;
}

function readState(value: unknown, path: string, problem: Problem): StackState | undefined {
  if (value === undefined) return undefined;
  if (value === 'ACTIVE' || value === 'INACTIVE') return value;
  problem(path, `must be ACTIVE or INACTIVE, got ${show(value)}.`);
  return undefined;
}

function unknownFields(obj: Record<string, unknown>, allowed: string[], at: string, problem: Problem): void {
  for (const field of Object.keys(obj)) {
    if (!allowed.includes(field)) problem(`${at}.${field}`, `is not a known field; expected ${allowed.join(', ')}.`);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
