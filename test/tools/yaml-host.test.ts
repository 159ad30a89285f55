/**
 * Pulumi's YAML language host, as the engine build makes it (tools/pulumi-yaml: pulumi-yaml at its own pkg/v3 and
 * sdk/v3 versions, beside a CLI of another version), runs a YAML program: `up` creates its resources through a
 * resource plugin and `destroy` deletes them, on a file backend of its own, through tools/pulumi/automation.ts.
 *
 * Why not `random:RandomString` with the project's random plugin: a YAML program is typed with the schema of each
 * package it uses, and that plugin does not answer GetSchema ("error resolving type of resource …: method
 * GetSchema not implemented"). The program uses test/fixtures/codegen/schema-provider.js instead: a plugin that
 * serves the same schema the SDKs are generated from (codegen.test.ts), found through `plugins: providers:` in
 * Pulumi.yaml, and records each create and delete it is asked for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineStack, type RunResult } from '../../tools/pulumi/automation';

const PROVIDER = path.join(__dirname, '..', 'fixtures', 'codegen', 'schema-provider.js');

jest.setTimeout(5 * 60_000);

let dir: string;
let stack: EngineStack | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-yaml-'));
});

afterAll(async () => {
  await stack?.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A plugin folder the engine and the YAML host both find through Pulumi.yaml: an executable named for the package. */
function writePlugin(): string {
  const pluginDir = path.join(dir, 'plugin');
  fs.mkdirSync(pluginDir);
  fs.writeFileSync(
    path.join(pluginDir, 'pulumi-resource-gotowebinar'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(PROVIDER)} "$@"\n`,
    { mode: 0o755 },
  );
  return pluginDir;
}

/** The program's own resources that an operation did `op` to (the stack and the default provider left out). */
function steps(result: RunResult, op: string): string[] {
  return result.steps
    .filter((s) => s.op === op && s.type.startsWith('gotowebinar:index:'))
    .map((s) => `${s.type} ${s.name}`)
    .sort();
}

function writeProject(pluginDir: string): string {
  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, 'Pulumi.yaml'),
    `name: yaml-host-check
runtime: yaml
plugins:
  providers:
    - name: gotowebinar
      path: ${pluginDir}
resources:
  hook:
    type: gotowebinar:Webhook
    properties:
      eventName: registrant.added
      callbackUrl: https://example.com/hook
      webhookState: ACTIVE
  key:
    type: gotowebinar:SecretKey
outputs:
  webhookKey: \${hook.webhookKey}
  secretKey: \${key.secretKey}
`,
  );
  return project;
}

test('a YAML program: up creates its resources through the plugin, destroy deletes them', async () => {
  const log = path.join(dir, 'provider.log');
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').sort() : []);
  stack = await EngineStack.open({
    workDir: writeProject(writePlugin()),
    stackName: 'dev',
    env: { SCHEMA_PROVIDER_LOG: log },
  });

  const up = await stack.up();
  expect(steps(up, 'create')).toEqual(['gotowebinar:index:SecretKey key', 'gotowebinar:index:Webhook hook']);
  expect(calls()).toEqual(['create SecretKey key', 'create Webhook hook']);
  // None, in particular not "using pulumi-language-yaml from $PATH": the CLI found the host beside itself.
  expect(up.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);
  const outputs = await stack.outputs();
  expect(outputs.webhookKey).toMatch(/^[0-9a-f-]{36}$/);
  // Secret because the schema says so: the YAML host typed the program with the plugin's schema.
  expect(await stack.secretOutputs()).toEqual(['secretKey']);
  const inState = (await stack.resources()).map((r) => r.type).filter((t) => t.startsWith('gotowebinar:index:'));
  expect(inState.sort()).toEqual(['gotowebinar:index:SecretKey', 'gotowebinar:index:Webhook']);

  const destroy = await stack.destroy();
  expect(steps(destroy, 'delete')).toEqual(['gotowebinar:index:SecretKey key', 'gotowebinar:index:Webhook hook']);
  expect(calls()).toEqual(['create SecretKey key', 'create Webhook hook', 'delete SecretKey key', 'delete Webhook hook']);
  expect(await stack.resources()).toEqual([]);
});
