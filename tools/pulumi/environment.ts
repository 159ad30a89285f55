/**
 * The environment the project's own engine build runs in: offline, with nothing to download and nowhere to log in.
 *
 * - PULUMI_SKIP_UPDATE_CHECK: the CLI's only network call at start.
 * - PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: a missing plugin fails at once instead of retrying a download.
 * - PULUMI_HOME (unless set): a home of the build's own, where the random plugin is installed; the user's
 *   ~/.pulumi is left alone.
 * - PULUMI_BACKEND_URL (unless set): a local file backend under `.state/pulumi` in the project.
 * - PULUMI_CONFIG_PASSPHRASE (unless it or a passphrase file is set): empty, which the passphrase secrets provider
 *   accepts. Fine for the simulator's dev stack; set a real one for anything else.
 *
 * A user's own `pulumi` (found on PATH) gets none of this: it runs with the user's environment, login and plugins.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from './build';
import { PROJECT_ROOT } from './versions';

export type Env = Record<string, string | undefined>;

export function offlineEnv(engine: Engine, base: Env = process.env): Env {
  const env: Env = { ...base };
  env.PULUMI_SKIP_UPDATE_CHECK = 'true';
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = 'true';
  env.PULUMI_HOME ||= path.join(path.dirname(engine.binDir), 'home');
  env.PULUMI_BACKEND_URL ||= `file://${path.join(PROJECT_ROOT, '.state', 'pulumi')}`;
  if (env.PULUMI_CONFIG_PASSPHRASE === undefined && !env.PULUMI_CONFIG_PASSPHRASE_FILE) env.PULUMI_CONFIG_PASSPHRASE = '';
  const backendDir = fileBackendDir(env.PULUMI_BACKEND_URL);
  if (backendDir) fs.mkdirSync(backendDir, { recursive: true });
  return env;
}

/** `file:///x/y` → `/x/y`; other backends → undefined. */
export function fileBackendDir(url: string | undefined): string | undefined {
  if (!url?.startsWith('file://')) return undefined;
  const p = url.slice('file://'.length);
  return p.startsWith('~') ? undefined : p;
}

/**
 * Installs the build's random plugin into `env.PULUMI_HOME` when it is not there yet, the way a user would install
 * a plugin offline (`pulumi plugin install resource random <version> --file <binary>`). Not on PATH: an ambient
 * plugin makes the engine print a warning on every run.
 */
export function ensureRandomPlugin(engine: Engine, env: Env): void {
  const home = env.PULUMI_HOME;
  if (!home) throw new Error('ensureRandomPlugin needs PULUMI_HOME');
  const installed = path.join(home, 'plugins', `resource-random-v${engine.randomVersion}`, 'pulumi-resource-random');
  if (fs.existsSync(installed)) return;
  const r = spawnSync(
    engine.pulumi,
    ['plugin', 'install', 'resource', 'random', engine.randomVersion, '--file', engine.randomPlugin, '--non-interactive'],
    { env: env as NodeJS.ProcessEnv, encoding: 'utf8' },
  );
  if (r.status !== 0 || !fs.existsSync(installed)) {
    throw new Error(
      `could not install the random plugin into ${home}: ${(r.stderr || r.stdout || r.error?.message || '').trim()}`,
    );
  }
}
