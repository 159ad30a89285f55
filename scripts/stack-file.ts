/**
 * Reads a stack file (`Pulumi.<stack>.yaml`) the way the Pulumi CLI hands its config to a program: every key
 * `namespace:key`, strings as they are, structured values (maps, lists, numbers, booleans) as JSON text.
 * Secure values (`{ secure: … }`) cannot be decrypted here and are reported as such.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

export interface StackFile {
  /** `namespace:key` → value as the runtime sees it. */
  config: Record<string, string>;
  /** Keys whose value is encrypted (`secure:`) in the file. */
  secureKeys: string[];
}

export function readStackFile(projectDir: string, stack: string): StackFile {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const doc = (yaml.load(fs.readFileSync(file, 'utf8')) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  const secureKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value !== null && typeof value === 'object' && 'secure' in (value as object)) {
      secureKeys.push(key);
      continue;
    }
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { config, secureKeys };
}
