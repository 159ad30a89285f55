/**
 * Shared by the upgrade tests: the resources of a stack's checkpoint and the `__provider` text each dynamic resource
 * holds in its inputs (what Check/Diff/Create/Update run) and in its outputs (what Read and Delete run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineStack, type EngineStackOptions } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { linkInto } from '../../tools/package/pack';
import type { RunningSimulator } from '../../simulator';
import { expectOps, run, type Fixture } from '../stack/support';

/** The upgrade fixture: the release's state, the objects behind it, and a user's project (Webhook `hook`, UserSubscription `sub`, SecretKey `key`). */
export const FIXTURE = path.join(__dirname, '..', 'fixtures', 'upgrade');

/** Copies of the fixture's project and the stacks opened on them, for one test file; `removeAll` in its afterAll. */
export class UpgradeProjects {
  private readonly copies: WorkCopy[] = [];
  private readonly stacks: EngineStack[] = [];

  /** `env`: read when a stack is opened (the simulator's, which exists only once beforeAll has run). */
  constructor(private readonly env: () => EngineStackOptions['env']) {}

  /** A new copy of the project, with no package in its node_modules yet. */
  copy(label: string): string {
    const copy = workCopy(path.join(FIXTURE, 'project'), ['Pulumi.yaml', 'index.js', 'package.json'], label);
    this.copies.push(copy);
    return copy.dir;
  }

  async open(dir: string, config: Record<string, string>): Promise<EngineStack> {
    const stack = await EngineStack.open({ workDir: dir, stackName: 'dev', config, env: this.env() });
    this.stacks.push(stack);
    return stack;
  }

  /**
   * A new copy with the package linked (`npm link`), whose stack is up: the webhook, the subscription and the key
   * created. `written` may rewrite the state before the keys are read (e.g. as an older text wrote it).
   */
  async linkedAndUp(
    label: string,
    callbackUrl: string,
    written?: (stack: EngineStack, dir: string) => Promise<void>,
  ): Promise<{ dir: string; stack: EngineStack; webhookKey: string; subscriptionKey: string }> {
    const dir = this.copy(label);
    expect(fs.lstatSync(linkInto(dir)).isSymbolicLink()).toBe(true);
    const stack = await this.open(dir, { 'upgrade-fixture:callbackUrl': callbackUrl });
    expectOps(await run(stack, 'up'), { otherwise: 'create', count: 3 });
    await written?.(stack, dir);
    const outputs = await stack.outputs();
    return { dir, stack, webhookKey: String(outputs.webhookKey), subscriptionKey: String(outputs.subscriptionKey) };
  }

  async removeAll(): Promise<void> {
    for (const s of this.stacks) await s.remove();
    for (const c of this.copies) c.remove();
  }
}

export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The resources of the stack's checkpoint, read from the file backend as stored. */
export function stateOf(stack: EngineStack): StateResource[] {
  const file = JSON.parse(fs.readFileSync(stack.stateFile(), 'utf8'));
  return file.checkpoint.latest.resources as StateResource[];
}

/** Our dynamic resources (the stack and the default provider left out). */
export const dynamicResources = (resources: StateResource[]) =>
  resources.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic/'));

/** The `__provider` text each resource's inputs (default) or outputs hold. */
export const providerTexts = (resources: StateResource[], side: 'inputs' | 'outputs' = 'inputs') =>
  dynamicResources(resources).map((r) => String(r[side]?.__provider));

export type Kind = 'webhook' | 'user-subscription' | 'secret-key';

/** `pulumi-nodejs:dynamic/gotowebinar:UserSubscription` → `user-subscription` (its provider module's file name). */
export function kindOf(type: string): Kind {
  const name = type.slice(type.lastIndexOf(':') + 1);
  const kind = name.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase();
  if (kind !== 'webhook' && kind !== 'user-subscription' && kind !== 'secret-key') throw new Error(`not one of our kinds: ${type}`);
  return kind;
}

export interface ResourceTexts {
  name: string;
  kind: Kind;
  inputs: string;
  outputs: string;
}

/** Each dynamic resource's two `__provider` texts, by resource name (`hook`, `sub`, `key`). */
export function textsByResource(resources: StateResource[]): Record<string, ResourceTexts> {
  const out: Record<string, ResourceTexts> = {};
  for (const r of dynamicResources(resources)) {
    const name = r.urn.slice(r.urn.lastIndexOf('::') + 2);
    const text = (side: 'inputs' | 'outputs') => {
      const value = r[side]?.__provider;
      if (typeof value !== 'string') throw new Error(`${name}: ${side}.__provider is not plain text: ${JSON.stringify(value)?.slice(0, 200)}`);
      return value;
    };
    out[name] = { name, kind: kindOf(r.type), inputs: text('inputs'), outputs: text('outputs') };
  }
  return out;
}

/** Writes to the GoTo API since the simulator's last clearRequests() (token requests are not the API). */
export function apiWrites(sim: RunningSimulator): string[] {
  return sim
    .requests()
    .filter((r) => r.kind === 'api' && r.method !== 'GET' && r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.path}`);
}

/**
 * Moves the fixture's hook and deactivates it through the stack's config: `up` updates it in place, the keys kept,
 * and GoTo sees the hook's PUT only. Returns the new callback URL.
 */
export async function updateHookInPlace(
  stack: EngineStack,
  fx: Fixture,
  keys: { webhookKey: string; subscriptionKey: string },
): Promise<string> {
  const moved = `${fx.receiver.baseUrl}/moved`;
  await stack.stack.setAllConfig({
    'upgrade-fixture:callbackUrl': { value: moved },
    'upgrade-fixture:webhookState': { value: 'INACTIVE' },
  });
  fx.sim.clearRequests();
  expectOps(await run(stack, 'up'), { expected: { hook: 'update' }, otherwise: 'same', count: 3 });
  const live = fx.sim.state();
  expect(live.webhooks).toEqual([expect.objectContaining({ webhookKey: keys.webhookKey, callbackUrl: moved, state: 'INACTIVE' })]);
  expect(live.userSubscriptions).toEqual([expect.objectContaining({ userSubscriptionKey: keys.subscriptionKey, webhookKey: keys.webhookKey })]);
  expect(apiWrites(fx.sim).filter((w) => !/^PUT .*\/webhooks/.test(w))).toEqual([]); // the hook's change only
  return moved;
}
