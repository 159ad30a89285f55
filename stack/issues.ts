/**
 * Problems found in the stack's configuration, each naming the config key the user wrote. Names taken from the
 * configuration (a webhook's, an organizer's, an unknown field's) are user text: a key shows them as they are when
 * they are plainly names, otherwise quoted and escaped in Pulumi's own `--path` syntax (`webhooks["a b"]`), so
 * that no name can start a line of its own in the message or make it megabytes long.
 */
import { show, showName } from 'pulumi-gotowebinar/rules';

export interface ConfigIssue {
  /** Full config key, e.g. `gotowebinar-webhooks:webhooks.registrations.event`. */
  key: string;
  message: string;
}

/** Issues listed in the error's message at most (all are in `issues`): a message is read, not searched. */
const MAX_LISTED = 50;

export class StackConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    const listed = issues.slice(0, MAX_LISTED).map((i) => `  - ${i.key}: ${i.message}`);
    if (issues.length > MAX_LISTED) listed.push(`  - and ${issues.length - MAX_LISTED} more.`);
    super(`Invalid stack configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${listed.join('\n')}`);
    this.name = 'StackConfigError';
  }
}

/** A config path below `parent` (itself a shown path, or '' for the namespace's top level). */
export function child(parent: string, name: string): string {
  if (parent === '') return showName(name);
  return /^[A-Za-z0-9_-]{1,64}$/.test(name) ? `${parent}.${name}` : `${parent}[${show(name)}]`;
}

/** Collects issues under one namespace (`gotowebinar-webhooks:`). Paths are shown paths (see `child`). */
export class Issues {
  readonly list: ConfigIssue[] = [];
  constructor(readonly namespace: string) {}

  /** The full config key of a path. */
  key(path: string): string {
    return `${this.namespace}${path}`;
  }

  add(path: string, message: string): void {
    this.list.push({ key: this.key(path), message });
  }
}
