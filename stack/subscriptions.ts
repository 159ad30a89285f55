/**
 * `subscriptions`: organizer profile → the webhooks it subscribes to, as a list or { webhooks, state? }.
 *
 * Organizer names are compared in their canonical form (the rules' `canonicalOrganizerName`: the one from which
 * the profile's environment variables are named), so `alice` and `ALICE`, or `a-b` and `a_b`, are one organizer
 * written twice, and refused: the same user would subscribe twice.
 */
import { canonicalOrganizerName, organizerEnvPrefix, organizerName as organizerRule, show } from 'pulumi-gotowebinar/rules';
import { child, type Issues } from './issues';
import { isPlainObject, readObject, readState, unknownFields } from './read';
import { DEFAULT_ORGANIZER, type StackState, type SubscriptionDecl } from './types';

/** Webhook names a message lists at most. */
const MAX_NAMES_LISTED = 20;

interface Context {
  issues: Issues;
  /** Every webhook name declared in `webhooks`. */
  declared: ReadonlySet<string>;
  /** Resource name → the key that gave it first. */
  resourceNames: Map<string, string>;
  /** Canonical organizer name → the key that named it first. */
  organizers: Map<string, string>;
  subscriptions: SubscriptionDecl[];
}

export function readSubscriptions(config: Record<string, string>, declared: ReadonlySet<string>, issues: Issues): SubscriptionDecl[] {
  const subs = readObject(config, 'subscriptions', issues, 'a map of organizer profile to a list of webhook names');
  const ctx: Context = { issues, declared, resourceNames: new Map(), organizers: new Map(), subscriptions: [] };
  for (const [organizer, value] of Object.entries(subs ?? {})) readOrganizer(organizer, value, ctx);
  return ctx.subscriptions;
}

function readOrganizer(organizer: string, value: unknown, ctx: Context): void {
  const at = child('subscriptions', organizer);
  if (!organizerNameAccepted(organizer, at, ctx)) return;
  const list = readList(value, at, ctx.issues);
  if (list === undefined) return;
  const seen = new Set<string>();
  list.webhooks.forEach((webhook, i) => {
    const itemAt = `${list.at}[${i}]`;
    if (typeof webhook !== 'string' || !ctx.declared.has(webhook)) {
      ctx.issues.add(itemAt, `must name a webhook declared in ${ctx.issues.key('webhooks')} (${declaredList(ctx.declared)}), got ${show(webhook)}.`);
    } else if (seen.has(webhook)) {
      ctx.issues.add(itemAt, `subscribes to ${show(webhook)} twice.`);
    } else {
      seen.add(webhook);
      addSubscription(organizer, webhook, list.state, itemAt, ctx);
    }
  });
}

/** The organizer name is valid and not another name's canonical twin (each reported). */
function organizerNameAccepted(organizer: string, at: string, ctx: Context): boolean {
  const reason = organizer === DEFAULT_ORGANIZER ? undefined : organizerRule(organizer);
  if (reason) {
    ctx.issues.add(at, `is not a usable organizer profile name (as in gotowebinar:organizers.<name>): it ${reason}`);
    return false;
  }
  const canonical = canonicalOrganizerName(organizer);
  const first = ctx.organizers.get(canonical);
  if (first === undefined) {
    ctx.organizers.set(canonical, ctx.issues.key(at));
    return true;
  }
  ctx.issues.add(
    at,
    canonical === canonicalOrganizerName(DEFAULT_ORGANIZER)
      ? `differs from "${DEFAULT_ORGANIZER}" (the stack's default credentials) only in how it is written, as in ` +
          `${first}: write "${DEFAULT_ORGANIZER}" for the default credentials, or another name for a profile.`
      : `is the same organizer as ${first}: both read the variables ${organizerEnvPrefix(organizer)}_* (names are ` +
          `compared in upper case, with "-" and "_" alike). Write the organizer once, with all its webhooks.`,
  );
  return false;
}

/** The webhook list of an organizer, where it was written, and the subscriptions' state; undefined when refused. */
function readList(value: unknown, at: string, issues: Issues): { webhooks: unknown[]; at: string; state: StackState } | undefined {
  if (Array.isArray(value)) return { webhooks: value, at, state: 'ACTIVE' };
  if (!isPlainObject(value)) {
    issues.add(at, `must be a list of webhook names, or { webhooks: [...], state? }, got ${show(value)}.`);
    return undefined;
  }
  unknownFields(value, ['webhooks', 'state'], at, issues);
  const listAt = child(at, 'webhooks');
  const state = readState(value.state, child(at, 'state'), issues) ?? 'ACTIVE';
  if (value.webhooks === undefined) {
    issues.add(listAt, 'is required: the names of the webhooks this organizer subscribes to.');
    return undefined;
  }
  if (!Array.isArray(value.webhooks)) {
    issues.add(listAt, `must be a list of webhook names, got ${show(value.webhooks)}.`);
    return undefined;
  }
  return { webhooks: value.webhooks, at: listAt, state };
}

function addSubscription(organizer: string, webhook: string, state: StackState, itemAt: string, ctx: Context): void {
  const name = `${organizer}-${webhook}`;
  const clash = ctx.resourceNames.get(name);
  if (clash) {
    ctx.issues.add(itemAt, `gives the resource name ${show(name)}, as ${clash} does; rename the organizer or the webhook.`);
    return;
  }
  ctx.resourceNames.set(name, ctx.issues.key(itemAt));
  ctx.subscriptions.push({
    name,
    organizer: organizer === DEFAULT_ORGANIZER ? undefined : organizer,
    organizerName: organizer,
    webhook,
    state,
  });
}

function declaredList(declared: ReadonlySet<string>): string {
  if (declared.size === 0) return 'none';
  const names = [...declared].slice(0, MAX_NAMES_LISTED).map((n) => (/^[a-z0-9-]+$/.test(n) ? n : show(n)));
  return declared.size > MAX_NAMES_LISTED ? `${names.join(', ')}, and ${declared.size - MAX_NAMES_LISTED} more` : names.join(', ');
}
