/**
 * `webhooks`: webhook name → { event, state?, path? }.
 */
import { show } from 'pulumi-gotowebinar/rules';
import { child, type Issues } from './issues';
import { isPlainObject, readObject, readState, unknownFields } from './read';
import { EVENTS, type StackEventName, type WebhookDecl } from './types';

const WEBHOOK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Unreserved URL characters only, in segments: nothing the URL parser would decode or rewrite. */
const PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;
const SHAPE = 'a map of webhook name to { event, state?, path? }';

export interface Webhooks {
  /** The valid declarations. */
  decls: WebhookDecl[];
  /** Every name declared, valid or not (subscriptions may only name valid ones, but "undeclared" would mislead). */
  declared: ReadonlySet<string>;
  /** Names of the webhooks whose path was written (a problem with the URL is reported at the path). */
  pathWritten: ReadonlySet<string>;
}

export function readWebhooks(config: Record<string, string>, issues: Issues): Webhooks {
  const result = { decls: [] as WebhookDecl[], declared: new Set<string>(), pathWritten: new Set<string>() };
  const hooks = readObject(config, 'webhooks', issues, SHAPE);
  if (hooks === undefined) {
    if (config[issues.key('webhooks')] === undefined) {
      issues.add('webhooks', `is required: ${SHAPE}, e.g. registrations: { event: registrant.added }.`);
    }
    return result;
  }
  if (Object.keys(hooks).length === 0) issues.add('webhooks', 'declares no webhook; declare at least one.');
  for (const [name, value] of Object.entries(hooks)) {
    result.declared.add(name);
    const decl = readWebhook(name, value, issues);
    if (decl === undefined) continue;
    result.decls.push(decl);
    if (isPlainObject(value) && value.path !== undefined) result.pathWritten.add(name);
  }
  return result;
}

function readWebhook(name: string, value: unknown, issues: Issues): WebhookDecl | undefined {
  const at = child('webhooks', name);
  if (!WEBHOOK_NAME.test(name)) {
    issues.add(at, 'webhook names are lower-case letters, digits and "-" (up to 63), starting with a letter or digit.');
    return undefined;
  }
  if (!isPlainObject(value)) {
    issues.add(at, `must be an object { event, state?, path? }, got ${show(value)}.`);
    return undefined;
  }
  unknownFields(value, ['event', 'state', 'path'], at, issues);
  const eventName = readEvent(value.event, child(at, 'event'), issues);
  const state = readState(value.state, child(at, 'state'), issues) ?? 'ACTIVE';
  const path = value.path === undefined ? name : readPath(value.path, child(at, 'path'), issues);
  if (eventName === undefined || path === undefined) return undefined;
  return { name, eventName, state, path };
}

function readEvent(value: unknown, at: string, issues: Issues): StackEventName | undefined {
  if ((EVENTS as readonly unknown[]).includes(value)) return value as StackEventName;
  if (value === undefined) issues.add(at, `is required: one of ${EVENTS.join(', ')}.`);
  else issues.add(at, `must be one of ${EVENTS.join(', ')}, got ${show(value)}.`);
  return undefined;
}

/** The path without leading slashes; undefined when refused (then reported). */
function readPath(value: unknown, at: string, issues: Issues): string | undefined {
  const path = typeof value === 'string' ? value.replace(/^\/+/, '') : undefined;
  if (path !== undefined && PATH.test(path) && !path.split('/').some((s) => s === '.' || s === '..')) return path;
  issues.add(at, `must be a URL path such as "registrations" or "webinars/changed" (letters, digits, "-", "_", ".", "~" and "/"), got ${show(value)}.`);
  return undefined;
}
