/**
 * An example project installed as a user would install it: the repository packed (`npm pack`, the tarball users
 * get), the example copied out of the repository, its `pulumi-gotowebinar` dependency pointed at the tarball and
 * its @pulumi/pulumi pinned to the locked version (the one the engine build matches), then `npm install` there. The
 * example then has its own node_modules: nothing resolves back into this repository.
 *
 * The tarball is made once per dist/ build and shared by the test files (keyed by a hash of dist/).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { hashTree } from '../../tools/pulumi/hash-tree';
import { lockedVersions } from '../../tools/pulumi/versions';

const exec = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface InstalledExample {
  dir: string;
  remove(): void;
}

function distHash(): string {
  return hashTree(path.join(ROOT, 'dist'))
    .update(fs.readFileSync(path.join(ROOT, 'package.json')))
    .digest('hex')
    .slice(0, 12);
}

/** The packed package for the current dist/ (`npm test` builds dist/ before Jest starts). */
export async function packedTarball(): Promise<string> {
  const dir = path.join(os.tmpdir(), `gotowebinar-pack-${distHash()}`);
  const done = path.join(dir, 'tarball.txt');
  if (fs.existsSync(done)) return fs.readFileSync(done, 'utf8');
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-pack-staging-'));
  // --ignore-scripts: dist/ is fresh; prepack would build it a second time.
  const { stdout } = await exec(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', staging], { cwd: ROOT });
  const tarball = path.join(dir, JSON.parse(stdout)[0].filename as string);
  fs.mkdirSync(dir, { recursive: true });
  fs.renameSync(path.join(staging, path.basename(tarball)), tarball);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.writeFileSync(done, tarball);
  return tarball;
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
  try {
    await exec(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const e = error as { stderr?: string; message: string };
    throw new Error(`npm install of examples/${name} (with ${path.basename(tarball)}) failed:\n${e.stderr?.trim() || e.message}`);
  }
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
