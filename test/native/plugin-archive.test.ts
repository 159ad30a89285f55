/**
 * The plugin archive the build writes (tools/plugin/archive.ts,
 * dist/plugin/pulumi-resource-gotowebinar-v<version>-<os>-<arch>.tar.gz), as a user of any language installs it:
 * `pulumi plugin install resource gotowebinar <version> --file <archive>` into an empty plugin directory
 * (PULUMI_HOME, outside this repository, so the plugin can load nothing of the repository's node_modules), then a
 * YAML program with no `plugins:` entry, with automatic plugin acquisition off, through up, a clean preview and
 * destroy against the simulator. And the name the CLI asks a plugin server for (what `pluginDownloadURL` points
 * at), served from dist/plugin.
 */
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack } from '../../tools/pulumi/automation';
import { ensureEngine, type Engine } from '../../tools/pulumi/build';
import { archiveName, buildPluginArchive, type PluginArchive } from '../../tools/plugin/archive';
import { simulatorEnv } from '../../scripts/sim-env';
import { runProcess, type Outcome } from '../support/run-process';
import { errorText, failureOf, OPERATION_TIMEOUT, ROOT, run, startFixture, type Fixture } from '../stack/support';
import { projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const PROJECT = 'native-installed';
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

const PROGRAM = `config:
  callbackUrl:
    type: string
resources:
  hook:
    type: gotowebinar:Webhook
    properties:
      eventName: registrant.added
      callbackUrl: \${callbackUrl}
  subscription:
    type: gotowebinar:UserSubscription
    properties:
      webhookKey: \${hook.webhookKey}
outputs:
  webhookKey: \${hook.webhookKey}
  webhookState: \${hook.webhookState}
`;

let engine: Engine;
let archive: PluginArchive;
let tmp: string;
let home: string;
let fx: Fixture | undefined;
let stack: EngineStack | undefined;

/** The engine build's CLI with `env` over an offline environment of its own (no update check, no downloads). */
function pulumi(args: string[], env: Record<string, string>, cwd = tmp): Promise<Outcome> {
  return runProcess(engine.pulumi, args, {
    cwd,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: 'true', PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true', ...env },
  });
}

beforeAll(async () => {
  engine = await ensureEngine();
  archive = await buildPluginArchive(); // current after `npm run build`: then nothing to do
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-plugin-archive-'));
  home = path.join(tmp, 'home');
  fs.mkdirSync(home);
});

afterAll(async () => {
  await tearDown(stack, () => undefined, fx);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the build names the archive as the CLI asks for it, at the package\'s version', () => {
  expect(path.basename(archive.file)).toBe(archiveName(version));
  expect(path.basename(archive.file)).toMatch(new RegExp(`^pulumi-resource-gotowebinar-v${version.replace(/\./g, '\\.')}-(linux|darwin)-(amd64|arm64)\\.tar\\.gz$`));
});

test('without it, the same kind of program finds no gotowebinar plugin (no plugins: entry, no download)', async () => {
  const dir = path.join(tmp, 'before-install');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml', plugin: false, body: PROGRAM }));
  const empty = await EngineStack.open({ workDir: dir, stackName: 'dev', config: { [`${PROJECT}:callbackUrl`]: 'https://hooks.example.com/goto' }, env: { PULUMI_HOME: home } });
  try {
    const failed = await failureOf(empty.preview());
    expect(errorText(failed) + failed.result.stdout).toMatch(/no resource plugin 'pulumi-resource-gotowebinar' found in the workspace/);
  } finally {
    await empty.remove();
  }
});

test('pulumi plugin install --file puts it into an empty PULUMI_HOME; the schema it serves has the package\'s version', async () => {
  const install = await pulumi(['plugin', 'install', 'resource', 'gotowebinar', version, '--file', archive.file], { PULUMI_HOME: home });
  expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error/i) });
  const plugins = await pulumi(['plugin', 'ls', '--json'], { PULUMI_HOME: home });
  expect(JSON.parse(plugins.stdout)).toEqual([expect.objectContaining({ name: 'gotowebinar', kind: 'resource', version })]);
  const schema = await pulumi(['package', 'get-schema', 'gotowebinar'], { PULUMI_HOME: home });
  expect(schema.code).toBe(0);
  expect(JSON.parse(schema.stdout)).toMatchObject({ name: 'gotowebinar', version });
});

test('a YAML program with no plugins: entry uses it: up, a clean preview, destroy', async () => {
  fx = await startFixture('/goto');
  const dir = path.join(tmp, 'project');
  fs.mkdirSync(dir);
  const project = projectFile({ name: PROJECT, runtime: 'yaml', plugin: false, body: PROGRAM });
  expect(project).not.toMatch(/plugins:/);
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), project);
  stack = await EngineStack.open({
    workDir: dir,
    stackName: 'dev',
    config: { [`${PROJECT}:callbackUrl`]: `${fx.receiver.baseUrl}/hook` },
    env: { ...simulatorEnv(fx.sim), PULUMI_HOME: home },
  });

  const up = await run(stack, 'up');
  expect(up.steps.filter((s) => s.type.startsWith('gotowebinar:')).map((s) => `${s.op} ${s.type}`).sort()).toEqual([
    'create gotowebinar:index:UserSubscription',
    'create gotowebinar:index:Webhook',
  ]);
  expect((await stack.outputs()).webhookState).toBe('ACTIVE');

  await stack.preview({ expectNoChanges: true });

  await run(stack, 'destroy');
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});

test('published under a pluginDownloadURL, the archive is what the CLI downloads: <url>/<the archive\'s name>', async () => {
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const file = path.join(path.dirname(archive.file), path.basename(req.url ?? ''));
    if (!req.url?.startsWith(`/releases/v${version}/`) || !fs.existsSync(file)) return void res.writeHead(404).end();
    // The CLI refuses a download without its length ("expected -1 bytes"): a release host sends it.
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases/v\${VERSION}`;
    const otherHome = path.join(tmp, 'home-from-server');
    fs.mkdirSync(otherHome);
    // `--server` is the pluginDownloadURL a schema or a resource option would give; ${VERSION} is filled in by the CLI.
    const install = await pulumi(['plugin', 'install', 'resource', 'gotowebinar', version, '--server', url], { PULUMI_HOME: otherHome });
    expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error/i) });
    expect(requested).toEqual([`/releases/v${version}/${archiveName(version)}`]);
    expect(fs.existsSync(path.join(otherHome, 'plugins', `resource-gotowebinar-v${version}`, 'pulumi-resource-gotowebinar'))).toBe(true);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
