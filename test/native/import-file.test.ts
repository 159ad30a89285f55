/**
 * Adopting a hand-made account in one step: `pulumi-gotowebinar import-file` (bin/pulumi-gotowebinar, run as a
 * process) lists 24 objects made through the API (12 webhooks, 8 subscriptions of the default account, 4 of the
 * organizer profile `bob`) and writes the file that one `pulumi import --file` takes; the YAML host prints the
 * program for them; with it, the preview is clean. Nothing is created, changed or deleted at GoTo along the way.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EngineStack } from '../../tools/pulumi/automation';
import { simulatorEnv } from '../../scripts/sim-env';
import { OPERATION_TIMEOUT, ROOT, startFixture, type Fixture } from '../stack/support';
import { projectFile, tearDown } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const PROJECT = 'adopted';
const EVENTS = ['registrant.added', 'registrant.joined', 'webinar.created', 'webinar.changed'] as const;

let fx: Fixture;
let dir: string;
let stack: EngineStack;


beforeAll(async () => {
  fx = await startFixture('/goto');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-import-file-'));
  fs.writeFileSync(path.join(dir, 'Pulumi.yaml'), projectFile({ name: PROJECT, runtime: 'yaml', refreshAlways: true }));
  stack = await EngineStack.open({ workDir: dir, stackName: 'dev', env: simulatorEnv(fx.sim, ['bob']) });
});

afterAll(() => tearDown(stack, () => fs.rmSync(dir, { recursive: true, force: true }), fx));

test('import-file and one pulumi import --file bring 24 hand-made objects into a stack, with a clean preview after', async () => {
  const api = fx.api(0);
  const webhooks = await api.createWebhooks(
    Array.from({ length: 12 }, (_, i) => ({ callbackUrl: `${fx.receiver.baseUrl}/team-${i % 3}/hook`, eventName: EVENTS[i % 4]! })),
  );
  await api.createUserSubscriptions(webhooks.slice(0, 8).map((w) => ({ webhookKey: w.webhookKey })));
  await fx.api(1).createUserSubscriptions(webhooks.slice(8).map((w) => ({ webhookKey: w.webhookKey })));
  fx.sim.clearRequests();

  const file = path.join(dir, 'import.json');
  const { stderr } = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'bin', 'pulumi-gotowebinar'), 'import-file', '--organizer', 'bob', '--out', file],
    { env: { ...process.env, ...simulatorEnv(fx.sim, ['bob']) } as NodeJS.ProcessEnv },
  );
  expect(stderr).toMatch(/25 resources written to .*import\.json: run `pulumi import --file/);
  const { resources } = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources: { type: string; name: string; id?: string; provider?: string; inputs?: object }[] };
  const objects = resources.filter((r) => r.type.startsWith('gotowebinar:index:'));
  expect(objects).toHaveLength(24);
  expect(new Set(objects.map((r) => r.name)).size).toBe(24);
  expect(objects.map((r) => r.name)).toContain('registrant-added-goto-team-0-hook');
  // bob's subscriptions are read through a provider of bob's own, configured by name: no credential in the file.
  expect(resources.filter((r) => r.type === 'pulumi:providers:gotowebinar')).toEqual([{ type: 'pulumi:providers:gotowebinar', name: 'bob', inputs: { organizer: 'bob' } }]);
  expect(objects.filter((r) => r.provider === 'bob').map((r) => r.name)).toEqual(
    Array.from({ length: 4 }, () => expect.stringMatching(/-bob$/)),
  );
  expect(fs.readFileSync(file, 'utf8')).not.toContain(fx.sim.users[1]!.refreshToken);

  // One `pulumi import --file`. Without code generation: the CLI (3.276) cannot generate code for a file that
  // declares a provider ("parse resource provider reference: expected '::' in provider reference ''"), though it
  // imports it; the program below is what it would print.
  await stack.stack.import({ resources: resources as never, protect: false, generateCode: false });
  const state = await stack.resources();
  expect(state.filter((r) => r.type.startsWith('gotowebinar:index:'))).toHaveLength(24);

  // The program declares them with the inputs the import recorded: the next preview is clean.
  const lines = ['resources:', '  bob:', '    type: pulumi:providers:gotowebinar', '    properties:', '      organizer: bob'];
  for (const r of state.filter((x) => x.type.startsWith('gotowebinar:index:'))) {
    lines.push(`  ${r.urn.split('::').pop()}:`, `    type: ${r.type}`, '    properties:');
    for (const [k, v] of Object.entries(r.inputs ?? {})) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    if ((r as { provider?: string }).provider?.includes('::bob::')) lines.push('    options:', '      provider: ${bob}');
  }
  fs.appendFileSync(path.join(dir, 'Pulumi.yaml'), `${lines.join('\n')}\n`);
  await stack.preview({ expectNoChanges: true });
  expect(fx.sim.requests().filter((r) => r.kind === 'api' && r.method !== 'GET')).toEqual([]);
  expect(fx.sim.state().webhooks).toHaveLength(12);
  expect(fx.sim.state().userSubscriptions).toHaveLength(12);
});
