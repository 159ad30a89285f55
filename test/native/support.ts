/**
 * Shared by the native provider's engine tests: the Pulumi.yaml a user writes to use the plugin (its folder, for a
 * user `node_modules/pulumi-gotowebinar/bin`, here the repository's bin/), and the end of a test file's stack.
 */
import * as path from 'node:path';
import { EngineStack, type EngineOperationError, type RunResult } from '../../tools/pulumi/automation';
import { workCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { simulatorEnv } from '../../scripts/sim-env';
import { failureOf, ROOT, run, startFixture, type Fixture } from '../stack/support';

export interface ProjectOptions {
  name: string;
  /** `nodejs` (plain JavaScript), `typescript` (nodejs with TypeScript) or `yaml`. */
  runtime: 'nodejs' | 'typescript' | 'yaml';
  /** `options: refresh: always`: every preview and up reads GoTo first, so drift shows as a property diff. */
  refreshAlways?: boolean;
  /** Whether the project points at the native plugin (false: the dynamic resources only). Default true. */
  plugin?: boolean;
  /** YAML appended as it is (a YAML program's config, resources and outputs). */
  body?: string;
}

export function projectFile(o: ProjectOptions): string {
  const runtime = {
    nodejs: ['runtime: nodejs', 'main: index.js'],
    typescript: ['runtime:', '  name: nodejs', '  options:', '    typescript: true', 'main: index.ts'],
    yaml: ['runtime: yaml'],
  }[o.runtime];
  const refresh = o.refreshAlways ? ['options:', '  refresh: always'] : [];
  const plugin = o.plugin === false ? [] : ['plugins:', '  providers:', '    - name: gotowebinar', `      path: ${path.join(ROOT, 'bin')}`];
  return [`name: ${o.name}`, ...runtime, ...refresh, ...plugin, ''].join('\n') + (o.body ?? '');
}

/** Destroys what the stack still holds, removes it and its working folder, stops the simulator. */
export async function tearDown(stack: EngineStack | undefined, removeDir: () => void, fx: Fixture | undefined): Promise<void> {
  if (stack) await run(stack, 'destroy').catch(() => undefined);
  await stack?.remove();
  removeDir();
  await fx?.stop();
}

/**
 * The drift check of a project with `refresh: always` whose stack exports `webhookKey`: the webhook deactivated
 * through the API shows in `preview --diff` as `~ webhookState: "INACTIVE" => "ACTIVE"` (`inspect` may look further
 * at that preview and at the failed one), fails `--expect-no-changes`, and `up` brings it back, after which the
 * preview is clean.
 */
export async function driftShownThenHealed(
  stack: EngineStack,
  fx: Fixture,
  inspect?: (preview: RunResult, failed: EngineOperationError) => void,
): Promise<void> {
  const { webhookKey } = await stack.outputs();
  await fx.api().updateWebhooks([{ webhookKey: String(webhookKey), webhookState: 'INACTIVE' }]);
  const result = await stack.preview({ diff: true });
  expect(result.stdout).toMatch(/~ webhookState: "INACTIVE" => "ACTIVE"/);
  const failed = await failureOf(stack.preview({ expectNoChanges: true }));
  inspect?.(result, failed);
  await run(stack, 'up');
  expect(fx.sim.state().webhooks.find((w) => w.webhookKey === webhookKey)).toMatchObject({ state: 'ACTIVE' });
  await stack.preview({ expectNoChanges: true });
}

export interface FixtureStack {
  fx: Fixture;
  copy: WorkCopy;
  stack: EngineStack;
}

/**
 * A simulator and receiver, a working copy of a fixture project (`files` copied, then `prepare` writes the rest, e.g.
 * its Pulumi.yaml), and its `dev` stack with `<project>:callbackUrl` pointing at the receiver.
 */
export async function openFixtureStack(
  o: { fixture: string; files: string[]; label: string; project: string; prepare(dir: string): void },
): Promise<FixtureStack> {
  const fx = await startFixture('/goto');
  const copy = workCopy(o.fixture, o.files, o.label);
  o.prepare(copy.dir);
  const stack = await EngineStack.open({
    workDir: copy.dir,
    stackName: 'dev',
    config: { [`${o.project}:callbackUrl`]: `${fx.receiver.baseUrl}/hook` },
    env: simulatorEnv(fx.sim),
  });
  return { fx, copy, stack };
}
