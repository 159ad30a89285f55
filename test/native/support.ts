/**
 * Shared by the native provider's engine tests: the Pulumi.yaml a user writes to use the plugin (its folder, for a
 * user `node_modules/pulumi-gotowebinar/bin`, here the repository's bin/), and the end of a test file's stack.
 */
import * as path from 'node:path';
import type { EngineStack } from '../../tools/pulumi/automation';
import { failureOf, ROOT, run, type Fixture } from '../stack/support';

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
 * through the API shows in `preview --diff` as `~ webhookState: "INACTIVE" => "ACTIVE"`, fails
 * `--expect-no-changes`, and `up` brings it back, after which the preview is clean.
 */
export async function driftShownThenHealed(stack: EngineStack, fx: Fixture): Promise<void> {
  const { webhookKey } = await stack.outputs();
  await fx.api().updateWebhooks([{ webhookKey: String(webhookKey), webhookState: 'INACTIVE' }]);
  const result = await stack.preview({ diff: true });
  expect(result.stdout).toMatch(/~ webhookState: "INACTIVE" => "ACTIVE"/);
  await failureOf(stack.preview({ expectNoChanges: true }));
  await run(stack, 'up');
  expect(fx.sim.state().webhooks.find((w) => w.webhookKey === webhookKey)).toMatchObject({ state: 'ACTIVE' });
  await stack.preview({ expectNoChanges: true });
}
