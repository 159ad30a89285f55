/**
 * The package as users get it: `npm pack` of the built repository (and of simulator/), made once per content and
 * kept in the temp directory, and that tarball put where npm would put it in a project.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { hashTree } from '../pulumi/hash-tree';
import { PROJECT_ROOT } from '../pulumi/versions';

const exec = promisify(execFile);
const SIMULATOR = path.join(PROJECT_ROOT, 'simulator');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A content key for a package directory: its built output and its package.json (what `npm pack` puts in). */
function buildHash(dir: string, built: string): string {
  return hashTree(path.join(dir, built))
    .update(fs.readFileSync(path.join(dir, 'package.json')))
    .digest('hex')
    .slice(0, 12);
}

/** `npm pack` of `dir`, once per content key. The build must be fresh (`npm test` and `npm run bench` build first). */
async function packOnce(dir: string, key: string): Promise<string> {
  const cache = path.join(os.tmpdir(), `gotowebinar-pack-${key}`);
  const done = path.join(cache, 'tarball.txt');
  if (fs.existsSync(done)) return fs.readFileSync(done, 'utf8');
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-pack-staging-'));
  // --ignore-scripts: the build is fresh; prepack would build it a second time.
  const { stdout } = await exec(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', staging], { cwd: dir });
  const tarball = path.join(cache, JSON.parse(stdout)[0].filename as string);
  fs.mkdirSync(cache, { recursive: true });
  fs.renameSync(path.join(staging, path.basename(tarball)), tarball);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.writeFileSync(done, tarball);
  return tarball;
}

/** The packed package (`pulumi-gotowebinar`) for the current dist/. */
export function packedTarball(): Promise<string> {
  return packOnce(PROJECT_ROOT, buildHash(PROJECT_ROOT, 'dist'));
}

/** The packed simulator package (`pulumi-gotowebinar-simulator`, simulator/package.json) for the current simulator/dist/. */
export function packedSimulatorTarball(): Promise<string> {
  return packOnce(SIMULATOR, `sim-${buildHash(SIMULATOR, 'dist')}`);
}

/**
 * The packed package unpacked into `<project>/node_modules/pulumi-gotowebinar`, where `npm install` puts it, without
 * installing its dependencies: for a project under this repository (`.state/work/`), which finds them, and
 * `@pulumi/pulumi`, in the repository's own node_modules. What the SDK serializes there is what users' state holds.
 */
export async function unpackInto(project: string): Promise<string> {
  const target = path.join(project, 'node_modules', 'pulumi-gotowebinar');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  await exec('tar', ['-xzf', await packedTarball(), '-C', target, '--strip-components=1']);
  return target;
}

/** `<project>/node_modules/pulumi-gotowebinar` as a symlink to this repository, as `npm link` makes it. */
export function linkInto(project: string): string {
  const target = path.join(project, 'node_modules', 'pulumi-gotowebinar');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.symlinkSync(PROJECT_ROOT, target);
  return target;
}
