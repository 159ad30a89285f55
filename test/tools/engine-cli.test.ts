/**
 * `npm run pulumi` and the engine build: the stamped version, arguments passed through unchanged to a compatible
 * `pulumi` on PATH, the project's build used instead of an older one, a clear message without Go, the build
 * failures explained from Go's own output, and the pieces of the second Go module (the YAML host) built beside the
 * CLI and part of the build's key.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/paths';
import { ensureEngine, explainFailure, GO_MODULE_DIR, sourceHash, YAML_MODULE_DIR } from '../../tools/pulumi/build';
import { runProcess, type Outcome } from '../support/run-process';
import { isCompatibleCli, lockedVersions } from '../../tools/pulumi/versions';

const TS_NODE = require.resolve('ts-node/dist/bin.js');
const VERSION = lockedVersions().pulumi;

jest.setTimeout(120_000);

function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  return runProcess(command, args, { cwd: ROOT, env });
}

/** The CLI wrapper as `npm run pulumi` runs it, with PATH as given. */
function wrapper(args: string[], env: Record<string, string | undefined> = {}): Promise<Outcome> {
  return run(process.execPath, [TS_NODE, '--transpile-only', 'tools/pulumi/cli.ts', ...args], { ...process.env, ...env });
}

/** A directory with a fake `pulumi` that prints `version` as its version and records its arguments. */
function fakePulumi(version: string): { dir: string; argsFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-pulumi-'));
  const argsFile = path.join(dir, 'args.json');
  fs.writeFileSync(
    path.join(dir, 'pulumi'),
    `#!${process.execPath}\nconst a = process.argv.slice(2);\nif (a[0] === 'version') { console.log('${version}'); process.exit(0); }\n` +
      `require('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(a));\nprocess.exit(7);\n`,
    { mode: 0o755 },
  );
  return { dir, argsFile };
}

test('npm run --silent pulumi -- version prints the stamped version of the locked SDK', async () => {
  const o = await run('npm', ['run', '--silent', 'pulumi', '--', 'version'], { ...process.env, PULUMI_GOTOWEBINAR_ENGINE: 'build' });
  expect(o).toMatchObject({ code: 0 });
  expect(o.stdout.trim()).toBe(`v${VERSION}`);
});

test('a compatible pulumi on PATH runs instead, with every argument unchanged and its exit code', async () => {
  const fake = fakePulumi('v3.999.0');
  try {
    const args = ['-C', 'some dir', 'preview', '--parallel', '256', '--non-interactive', '--stack=prod'];
    const o = await wrapper(args, { PATH: `${fake.dir}${path.delimiter}${process.env.PATH}` });
    expect(o.code).toBe(7);
    expect(JSON.parse(fs.readFileSync(fake.argsFile, 'utf8'))).toEqual(args);
  } finally {
    fs.rmSync(fake.dir, { recursive: true, force: true });
  }
});

test('a pulumi on PATH older than the SDK is passed over for the project build, saying so', async () => {
  const fake = fakePulumi('v3.100.0');
  try {
    const o = await wrapper(['version'], { PATH: `${fake.dir}${path.delimiter}${process.env.PATH}` });
    expect(o.code).toBe(0);
    expect(o.stdout.trim()).toBe(`v${VERSION}`);
    expect(o.stderr).toContain(`is v3.100.0, older than the locked @pulumi/pulumi v${VERSION}: using the project's own build`);
    expect(fs.existsSync(fake.argsFile)).toBe(false);
  } finally {
    fs.rmSync(fake.dir, { recursive: true, force: true });
  }
});

test('without Go and without a build: one message saying what is missing, exit 3', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-engine-'));
  const nodeOnly = fs.mkdtempSync(path.join(os.tmpdir(), 'node-only-'));
  fs.symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  try {
    const o = await wrapper(['version'], { PATH: nodeOnly, PULUMI_GOTOWEBINAR_TOOLS_DIR: empty });
    expect(o.code).toBe(3);
    expect(o.stderr).toContain('Building the Pulumi engine needs Go 1.26 or newer on PATH');
    expect(o.stderr).toContain('or install the Pulumi CLI');
    expect(o.stderr.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(3);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(nodeOnly, { recursive: true, force: true });
  }
});

test('the build puts the SDK generator and the YAML language host beside the CLI, the host at its go.mod version', async () => {
  const engine = await ensureEngine();
  for (const bin of [engine.codegen, engine.yamlLanguageHost]) {
    expect(path.dirname(bin)).toBe(engine.binDir); // where the CLI looks for language hosts first
    fs.accessSync(bin, fs.constants.X_OK);
  }
  expect(fs.readFileSync(path.join(YAML_MODULE_DIR, 'go.mod'), 'utf8')).toContain(`github.com/pulumi/pulumi-yaml v${engine.yamlVersion}\n`);
  const complete = JSON.parse(fs.readFileSync(path.join(path.dirname(engine.binDir), 'complete.json'), 'utf8'));
  expect(complete).toMatchObject({ pulumi: VERSION, yaml: engine.yamlVersion });
});

test('the build key changes with the Go sources of either module, the YAML host\'s included', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-key-'));
  try {
    const modules = [GO_MODULE_DIR, YAML_MODULE_DIR].map((dir) => {
      const to = path.join(copy, path.basename(dir));
      fs.cpSync(dir, to, { recursive: true, filter: (p) => fs.statSync(p).isDirectory() || /\.go$|^go\.(mod|sum)$/.test(path.basename(p)) });
      return to;
    });
    const original = sourceHash(modules);
    expect(original).toBe(sourceHash([GO_MODULE_DIR, YAML_MODULE_DIR]));
    fs.appendFileSync(path.join(modules[1], 'go.sum'), 'example.com/x v1.0.0 h1:x=\n');
    const yamlChanged = sourceHash(modules);
    expect(yamlChanged).not.toBe(original);
    fs.appendFileSync(path.join(modules[0], 'tools.go'), '\n');
    expect(sourceHash(modules)).not.toBe(yamlChanged);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

describe('explainFailure: what Go printed, as one message that says what to fix', () => {
  test('a module the proxy does not serve', () => {
    const e = explainFailure(
      [
        'go: downloading github.com/pulumi/pulumi-random/provider/v4 v4.0.0-20260722185042-f2d8b029d0f7',
        'go: github.com/pulumi/pulumi-random/provider/v4@v4.0.0-20260722185042-f2d8b029d0f7: reading https://proxy.golang.org/github.com/pulumi/pulumi-random/provider/v4/@v/v4.0.0-20260722185042-f2d8b029d0f7.info: 403 Forbidden',
      ],
      1,
    );
    expect(e.code).toBe('MODULE_NOT_SERVED');
    expect(e.message).toContain('did not serve github.com/pulumi/pulumi-random/provider/v4@v4.0.0-20260722185042-f2d8b029d0f7');
  });

  test('a compile error: the error lines, not the whole output', () => {
    const lines = ['# pulumi-gotowebinar/tools/pulumi/cmd/pulumi-language-nodejs', 'cmd/pulumi-language-nodejs/main.go:12:2: undefined: foo'];
    const e = explainFailure([...lines, ...Array.from({ length: 50 }, (_, i) => `noise ${i}`)], 1);
    expect(e.code).toBe('COMPILE_ERROR');
    expect(e.message).toContain('main.go:12:2: undefined: foo');
    expect(e.message).not.toContain('noise');
  });

  test('anything else: the last lines', () => {
    const e = explainFailure(['first', 'signal: killed'], 2);
    expect(e).toMatchObject({ code: 'BUILD_FAILED' });
    expect(e.message).toContain('go build exited with 2:\n  first\n  signal: killed');
  });
});

test('isCompatibleCli: same major, not older', () => {
  expect(isCompatibleCli('v3.276.0', '3.276.0')).toBe(true);
  expect(isCompatibleCli('v3.280.1', '3.276.0')).toBe(true);
  expect(isCompatibleCli('v3.275.9', '3.276.0')).toBe(false);
  expect(isCompatibleCli('v4.0.0', '3.276.0')).toBe(false);
  expect(isCompatibleCli('', '3.276.0')).toBe(false);
});
