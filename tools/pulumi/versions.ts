/**
 * The versions the engine build must match, read from package-lock.json: the CLI and its language host are built at
 * the version of the locked @pulumi/pulumi (CLI, host and SDK must agree), the random plugin at the version that the
 * locked @pulumi/random asks the engine for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface EngineVersions {
  /** e.g. `3.276.0` */
  pulumi: string;
  /** e.g. `4.21.2` */
  random: string;
}

export function lockedVersions(root = PROJECT_ROOT): EngineVersions {
  const lockFile = path.join(root, 'package-lock.json');
  let lock: { packages?: Record<string, { version?: string }> };
  try {
    lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${lockFile}: ${(error as Error).message}`);
  }
  const version = (pkg: string): string => {
    const v = lock.packages?.[`node_modules/${pkg}`]?.version;
    if (!v) throw new Error(`${lockFile} does not lock ${pkg}: run npm install`);
    return v;
  };
  return { pulumi: version('@pulumi/pulumi'), random: version('@pulumi/random') };
}

/** `v3.276.0` → [3, 276, 0]; anything else → undefined. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** A CLI can run programs of this SDK when it has the same major version and is not older. */
export function isCompatibleCli(cliVersion: string, sdkVersion: string): boolean {
  const cli = parseVersion(cliVersion);
  const sdk = parseVersion(sdkVersion);
  if (!cli || !sdk || cli[0] !== sdk[0]) return false;
  for (let i = 1; i < 3; i++) if (cli[i] !== sdk[i]) return cli[i] > sdk[i];
  return true;
}
