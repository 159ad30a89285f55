/**
 * `npm run --silent pulumi -- <args>`: the Pulumi CLI, with every argument passed through unchanged.
 *
 * - A `pulumi` on PATH at a compatible version (v3, not older than the locked @pulumi/pulumi) runs as it is, with
 *   the user's environment, login and plugins: users with the Pulumi CLI installed never need Go.
 * - Otherwise the project's own build runs (tools/pulumi/build.ts builds it first when needed, with progress on
 *   stderr), offline (tools/pulumi/environment.ts).
 *
 * PULUMI_GOTOWEBINAR_ENGINE=build forces the project's build, =path the one on PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineBuildError, ensureEngine } from './build';
import { ensureRandomPlugin, offlineEnv, type Env } from './environment';
import { isCompatibleCli, lockedVersions } from './versions';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The user's `pulumi` when it can run this project's programs, else undefined (saying why on stderr). */
function userCli(sdkVersion: string): string | undefined {
  const choice = process.env.PULUMI_GOTOWEBINAR_ENGINE;
  if (choice === 'build') return undefined;
  const found = findOnPath('pulumi');
  if (!found) {
    if (choice === 'path') throw new Error('PULUMI_GOTOWEBINAR_ENGINE=path, but there is no pulumi on PATH');
    return undefined;
  }
  const v = spawnSync(found, ['version'], { encoding: 'utf8', env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: 'true' } });
  const version = (v.stdout ?? '').trim();
  if (choice === 'path' || isCompatibleCli(version, sdkVersion)) return found;
  process.stderr.write(
    `${found} is ${version || 'of unknown version'}, older than the locked @pulumi/pulumi v${sdkVersion}: ` +
      `using the project's own build instead.\n`,
  );
  return undefined;
}

function run(command: string, args: string[], env: Env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stderr.write(`could not run ${command}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}

async function main(args: string[]): Promise<number> {
  const sdkVersion = lockedVersions().pulumi;
  const own = userCli(sdkVersion);
  if (own) return run(own, args, process.env);
  const engine = await ensureEngine();
  const env = offlineEnv(engine);
  ensureRandomPlugin(engine, env);
  return run(engine.pulumi, args, env);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof EngineBuildError ? `${error.message}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(`npm run pulumi: ${message}\n`);
    process.exit(error instanceof EngineBuildError ? 3 : 1);
  },
);
