/**
 * The user's own Pulumi CLI, as the commands that read or write a stack's config use it (`login` stores a refresh
 * token, `doctor` reads the credentials): `pulumi` on PATH, or the one PULUMI_GOTOWEBINAR_PULUMI names. A value
 * that is a secret goes to the CLI on stdin, never as an argument (arguments show in `ps`), and no output of the
 * CLI is echoed: it may hold decrypted config.
 */
import { spawn } from 'node:child_process';
import type { ConfigSource } from '../runtime/settings';

export interface PulumiOptions {
  env: NodeJS.ProcessEnv;
  /** The stack to address (`--stack`); the CLI's selected stack when absent. */
  stack?: string;
  cwd?: string;
}

export class PulumiCliError extends Error {
  override readonly name = 'PulumiCliError';
}

/** Runs `pulumi <args>` and returns its standard output; a non-zero exit throws with the CLI's own last message. */
export function runPulumi(args: string[], options: PulumiOptions, stdin?: string): Promise<string> {
  const command = options.env.PULUMI_GOTOWEBINAR_PULUMI || 'pulumi';
  const full = [...args, ...(options.stack ? ['--stack', options.stack] : []), '--non-interactive'];
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, {
      cwd: options.cwd,
      env: { ...options.env, PULUMI_SKIP_UPDATE_CHECK: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new PulumiCliError(
          e.code === 'ENOENT'
            ? `could not run ${command}: the Pulumi CLI is not on PATH (install it, or name it in PULUMI_GOTOWEBINAR_PULUMI)`
            : `could not run ${command}: ${e.message}`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      // The CLI's error line names the stack or key it could not use; its stdout is never shown (it may hold secrets).
      const last = err.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join('\n');
      reject(new PulumiCliError(`\`pulumi ${args.slice(0, 2).join(' ')}\` failed (exit ${code}): ${last || 'no message'}`));
    });
    child.stdin.end(stdin ?? '');
  });
}

/**
 * The stack's whole config, secrets decrypted, as the provider's settings read it (`get('gotowebinar:…')`): a
 * structured value (`gotowebinar:organizers`) as its object, everything else as text.
 */
export async function readStackConfig(options: PulumiOptions): Promise<ConfigSource> {
  const text = await runPulumi(['config', '--json', '--show-secrets'], options);
  let parsed: Record<string, { value?: unknown; objectValue?: unknown }>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PulumiCliError('`pulumi config --json` answered something that is not JSON');
  }
  const values = new Map<string, unknown>();
  for (const [key, entry] of Object.entries(parsed)) values.set(key, entry.objectValue ?? entry.value);
  return { get: (key) => values.get(key) };
}

/** Sets a config value as a secret (`--path` for a key inside an object, e.g. `gotowebinar:organizers.alice.refreshToken`). */
export async function setStackSecret(key: string, value: string, options: PulumiOptions): Promise<void> {
  const path = key.includes('.') ? ['--path'] : [];
  await runPulumi(['config', 'set', '--secret', ...path, key], options, value);
}

/** The name of the stack the CLI addresses (`--stack`, else the selected one), for messages that say where a value went. */
export async function stackName(options: PulumiOptions): Promise<string> {
  return (await runPulumi(['stack', '--show-name'], options)).trim();
}
