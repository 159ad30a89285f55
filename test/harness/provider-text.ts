/**
 * The `__provider` text, produced by the SDK exactly as `new pulumi.dynamic.Resource(provider, ...)` does, outside
 * Jest: a plain `node` child process (serialize-provider.js) requires the compiled module and lets the SDK serialize
 * the export. Under Jest the serializer would see Jest's transformed (and possibly coverage-instrumented) code, which
 * is not what a deployment stores.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_DIR } from './plugin-process';

export const SERIALIZE_PROVIDER_SCRIPT = path.join(__dirname, 'serialize-provider.js');

export interface ProviderText {
  text: string;
  /** True when the closure captured a secret Output: the SDK then sends `__provider` as a secret. */
  containsSecrets: boolean;
}

export interface ProviderTextOptions {
  /** Working directory of the serializer: the project directory (module names are relative to it). */
  cwd?: string;
  /** Node executable. Default `process.execPath`. */
  nodePath?: string;
  timeoutMs?: number;
}

const cache = new Map<string, Promise<ProviderText>>();

/**
 * Serializes `require(modulePath)[exportName]` (the whole module for `.`) with the SDK's own serializer and returns the `__provider` text.
 * `modulePath` must be compiled JavaScript (relative paths are resolved from `cwd`). Results are cached per module
 * file version, export and cwd.
 */
export async function providerTextFor(modulePath: string, exportName: string, opts: ProviderTextOptions = {}): Promise<string> {
  return (await serializedProviderFor(modulePath, exportName, opts)).text;
}

/** Like {@link providerTextFor}, also telling whether the SDK would send the text as a secret. */
export function serializedProviderFor(
  modulePath: string,
  exportName: string,
  opts: ProviderTextOptions = {},
): Promise<ProviderText> {
  const cwd = path.resolve(opts.cwd ?? PROJECT_DIR);
  const absolute = path.resolve(cwd, modulePath);
  const mtime = statSync(absolute).mtimeMs;
  const key = JSON.stringify([absolute, mtime, exportName, cwd, opts.nodePath ?? process.execPath]);
  let pending = cache.get(key);
  if (!pending) {
    pending = runSerializer(absolute, exportName, cwd, opts);
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

function runSerializer(absolute: string, exportName: string, cwd: string, opts: ProviderTextOptions): Promise<ProviderText> {
  return new Promise((resolve, reject) => {
    execFile(
      opts.nodePath ?? process.execPath,
      [SERIALIZE_PROVIDER_SCRIPT, absolute, exportName],
      { cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`serializing ${exportName} from ${absolute} failed: ${err.message}\n${stderr}`));
          return;
        }
        try {
          const line = stdout.trim().split('\n').pop() ?? '';
          resolve(JSON.parse(line) as ProviderText);
        } catch (parseErr) {
          reject(new Error(`unexpected serializer output: ${(parseErr as Error).message}\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
