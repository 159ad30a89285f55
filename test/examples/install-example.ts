/**
 * An example project installed as a user would install it: the repository packed (`npm pack`, the tarball users
 * get), the example copied out of the repository, its `pulumi-gotowebinar` dependency pointed at the tarball and
 * its @pulumi/pulumi pinned to the locked version (the one the engine build matches), then `npm install` there. The
 * example then has its own node_modules: nothing resolves back into this repository.
 *
 * The tarballs (the package, and the simulator's own package from simulator/) are made once per build and shared by
 * the test files (tools/package/pack.ts); installConsumer() makes a bare project from them for the packaging tests.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { promisify } from 'node:util';
import { NPM, packedTarball } from '../../tools/package/pack';
import { lockedVersions } from '../../tools/pulumi/versions';

export { packedSimulatorTarball, packedTarball } from '../../tools/package/pack';

const exec = promisify(execFile);

export interface InstalledExample {
  dir: string;
  remove(): void;
}

/** `npm install` in `dir`; on failure the directory is removed and npm's stderr reported. */
async function npmInstall(dir: string, what: string): Promise<void> {
  try {
    await exec(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const e = error as { stderr?: string; message: string };
    throw new Error(`npm install of ${what} failed:\n${e.stderr?.trim() || e.message}`);
  }
}

export async function installExample(name: string): Promise<InstalledExample> {
  const tarball = await packedTarball();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gotowebinar-example-${name}-`));
  const source = path.join(ROOT, 'examples', name);
  for (const entry of fs.readdirSync(source)) {
    if (entry === 'node_modules' || /^Pulumi\..+\.yaml$/.test(entry)) continue;
    fs.cpSync(path.join(source, entry), path.join(dir, entry), { recursive: true });
  }
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies['pulumi-gotowebinar'] = `file:${tarball}`;
  pkg.dependencies['@pulumi/pulumi'] = lockedVersions().pulumi;
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  await npmInstall(dir, `examples/${name} (with ${path.basename(tarball)})`);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A new project (package.json only) with the packed package as its dependency, @pulumi/pulumi at the locked
 * version, and `extra` dependencies (e.g. `{ 'pulumi-gotowebinar-simulator': 'file:<tarball>' }`), installed.
 */
export async function installConsumer(label: string, extra: Record<string, string> = {}): Promise<InstalledExample> {
  const tarball = await packedTarball();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gotowebinar-${label}-`));
  const dependencies = { 'pulumi-gotowebinar': `file:${tarball}`, '@pulumi/pulumi': lockedVersions().pulumi, ...extra };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: label, private: true, version: '1.0.0', dependencies }, null, 2));
  await npmInstall(dir, `a new project (${Object.keys(dependencies).join(', ')})`);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `tsc --noEmit` in the installed example, with its own tsconfig: its code against the package's published types. */
export async function typecheck(example: InstalledExample): Promise<{ code: number; output: string }> {
  try {
    await exec(process.execPath, [path.join(example.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', example.dir]);
    return { code: 0, output: '' };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
