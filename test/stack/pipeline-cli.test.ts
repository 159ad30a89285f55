/**
 * The README's pipeline commands, run verbatim through the Pulumi CLI (the project's build; not the Automation
 * API) on a working copy of the root project: stack init, credentials as encrypted stack secrets (`--secret`,
 * `--path`: personal access tokens), `npx pulumi-gotowebinar doctor` before anything else, up, the drift check `pulumi preview --refresh --expect-no-changes --diff --non-interactive` (exit 0
 * while GoTo matches, non-zero once it has drifted, 0 again after `pulumi up` healed it), and
 * `pulumi stack output --show-secrets secretKey`. The README is read for the commands (its `prod` stack becomes
 * `dev` here), so the docs cannot drift from what is tested.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureEngine } from '../../tools/pulumi/build';
import { ensureRandomPlugin, offlineEnv, type Env } from '../../tools/pulumi/environment';
import { rootProjectCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { runProcess, type Outcome } from '../support/run-process';
import { OPERATION_TIMEOUT, ROOT, startFixture, type Fixture } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's command starting with `prefix` (one line of a sh block), for the dev stack instead of prod. */
function readmeCommand(prefix: string): string {
  const line = README.split('\n').find((l) => l.trimStart().startsWith(prefix));
  if (!line) throw new Error(`README.md has no command starting with: ${prefix}`);
  return line.replace(/#.*$/, '').trim().replace(/\bprod\b/g, 'dev');
}

/** `pulumi a 'b c' d` → ['a', 'b c', 'd'] (single quotes only: what the README uses). */
function words(command: string): string[] {
  return (command.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'|'$/g, '')).slice(1);
}

let fx: Fixture;
let copy: WorkCopy;
let backend: string;
let pulumi: string;
let env: Env;

function cli(args: string[]): Promise<Outcome> {
  return runProcess(pulumi, args, { cwd: copy.dir, env });
}

async function ok(args: string[]): Promise<Outcome> {
  const o = await cli(args);
  if (o.code !== 0) throw new Error(`pulumi ${args.join(' ')}: exit ${o.code}\n${o.stdout}\n${o.stderr}`);
  return o;
}

beforeAll(async () => {
  fx = await startFixture('/goto');
  copy = rootProjectCopy('pipeline-cli');
  backend = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-pipeline-'));
  const engine = await ensureEngine();
  pulumi = engine.pulumi;
  const base: Env = { ...process.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: 'pipeline-test-passphrase', PULUMI_HOME: undefined };
  for (const k of Object.keys(base)) if (k.startsWith('GOTOWEBINAR_')) delete base[k]; // credentials: stack secrets only
  env = offlineEnv(engine, base);
  ensureRandomPlugin(engine, env);
  tokens.alice = fx.sim.issuePersonalAccessToken(alice().userKey).token;
  tokens.bob = fx.sim.issuePersonalAccessToken(bob().userKey).token;
});

afterAll(async () => {
  await cli(['stack', 'rm', '--yes', '--force', '--stack', 'dev']).catch(() => undefined);
  copy?.remove();
  if (backend) fs.rmSync(backend, { recursive: true, force: true });
  await fx?.stop();
});

const alice = () => fx.sim.users.find((u) => u.email.startsWith('alice@'))!;
const bob = () => fx.sim.users.find((u) => u.email.startsWith('bob@'))!;
/** The personal access tokens the users made (myaccount.goto.com, Developer tools): the simulator issues them. */
const tokens = { alice: '', bob: '' };

test('stack init, and credentials as encrypted stack secrets: nothing in clear in the stack file', async () => {
  await ok(words(readmeCommand('pulumi stack init prod')));
  const secretSet = readmeCommand('pulumi config set --stack prod --secret gotowebinar:clientSecret');
  const patSet = readmeCommand('pulumi config set --stack prod --secret gotowebinar:personalAccessToken');
  const pathSet = readmeCommand("pulumi config set --stack prod --secret --path 'gotowebinar:organizers.events.personalAccessToken'");
  // The README's lines end in `KEY …`: the same command with this test's key and value.
  const set = (template: string, key: string, value: string) => ok([...words(template).slice(0, -2), key, value]);
  await ok(['config', 'set', '--stack', 'dev', 'gotowebinar:apiUrl', fx.sim.apiUrl]);
  await ok(['config', 'set', '--stack', 'dev', 'gotowebinar:authUrl', fx.sim.authUrl]);
  await ok(['config', 'set', '--stack', 'dev', 'gotowebinar:clientId', fx.sim.clients[0].clientId]);
  await ok(['config', 'set', '--stack', 'dev', 'gotowebinar-webhooks:callbackBaseUrl', fx.receiver.baseUrl]);
  expect(words(secretSet).slice(-2)).toEqual(['gotowebinar:clientSecret', '…']);
  expect(words(patSet).slice(-2)).toEqual(['gotowebinar:personalAccessToken', '…']);
  expect(words(pathSet).slice(-2)).toEqual(['gotowebinar:organizers.events.personalAccessToken', '…']);
  await set(secretSet, 'gotowebinar:clientSecret', fx.sim.clients[0].clientSecret);
  await set(patSet, 'gotowebinar:personalAccessToken', tokens.alice);
  await set(pathSet, 'gotowebinar:organizers.alice.personalAccessToken', tokens.alice);
  await set(pathSet, 'gotowebinar:organizers.bob.personalAccessToken', tokens.bob);

  const stackFile = fs.readFileSync(path.join(copy.dir, 'Pulumi.dev.yaml'), 'utf8');
  expect(stackFile).toMatch(/gotowebinar:clientSecret:\s*\n?\s*secure: v1:/);
  expect(stackFile).toMatch(/alice:\s*\n\s*personalAccessToken:\s*\n?\s*secure: v1:/);
  for (const secret of [fx.sim.clients[0].clientSecret, tokens.alice, tokens.bob]) expect(stackFile).not.toContain(secret);
});

test('doctor, run before anything else: every profile works, whose it is, no token in its output', async () => {
  const doctor = words(readmeCommand('npx pulumi-gotowebinar doctor --stack prod')).slice(1); // after npx pulumi-gotowebinar
  const o = await runProcess(process.execPath, [path.join(ROOT, 'bin', 'pulumi-gotowebinar'), ...doctor], {
    cwd: copy.dir,
    env: { ...env, PULUMI_GOTOWEBINAR_PULUMI: pulumi },
  });
  expect(o).toMatchObject({ code: 0 });
  expect(o.stdout).toMatch(/✓ organizer bob: personal access token from gotowebinar:organizers\.bob\.personalAccessToken: GoTo accepts it; bob@example\.com/);
  expect(o.stdout).toMatch(/All 3 profile\(s\) work\./);
  for (const secret of [fx.sim.clients[0].clientSecret, tokens.alice, tokens.bob]) expect(o.stdout + o.stderr).not.toContain(secret);
});

test('up, then the drift check passes (exit 0) while GoTo matches the stack', async () => {
  await ok(words(readmeCommand('pulumi up --stack prod --yes --non-interactive')));
  const check = await cli(words(readmeCommand('pulumi preview --stack prod --refresh --expect-no-changes --diff --non-interactive')));
  expect(check).toMatchObject({ code: 0 });
  expect(fx.sim.state().webhooks).toHaveLength(3);
});

test('the drift check fails (non-zero) once GoTo has drifted, saying what drifted; up heals it; the check passes again', async () => {
  const keys = JSON.parse((await ok(['stack', 'output', '--stack', 'dev', 'webhookKeys', '--json'])).stdout) as Record<string, string>;
  await fx.api(0).updateWebhooks([{ webhookKey: keys.joins, webhookState: 'INACTIVE' }]);
  const drifted = await cli(words(readmeCommand('pulumi preview --stack prod --refresh --expect-no-changes --diff --non-interactive')));
  expect(drifted.code).not.toBe(0);
  const text = drifted.stdout + drifted.stderr;
  expect(text).toContain(`warning: gotowebinar: Webhook ${keys.joins} drifted: webhookState is "INACTIVE" at GoTo, declared "ACTIVE"`);
  // With --refresh the state holds the live object, so --diff shows the change itself too.
  expect(text).toMatch(/~ webhookState: "INACTIVE" => "ACTIVE"/);
  expect(text).toMatch(/no changes were expected/i);

  await ok(words(readmeCommand('pulumi up --stack prod --yes --non-interactive')));
  expect(fx.sim.state().webhooks.find((w) => w.webhookKey === keys.joins)?.state).toBe('ACTIVE');
  const healed = await cli(words(readmeCommand('pulumi preview --stack prod --refresh --expect-no-changes --diff --non-interactive')));
  expect(healed).toMatchObject({ code: 0 });
});

test('pulumi stack output --show-secrets secretKey gives the receiving application its secret; without it, [secret]', async () => {
  const shown = await ok(words(readmeCommand('pulumi stack output --stack prod --show-secrets secretKey')));
  expect(shown.stdout.trim()).toBe(fx.sim.state().secretKeys[0].value);
  const hidden = await ok(['stack', 'output', '--stack', 'dev', 'secretKey']);
  expect(hidden.stdout.trim()).toBe('[secret]');
});

test('destroy leaves no webhook and no subscription', async () => {
  await ok(['destroy', '--stack', 'dev', '--yes', '--non-interactive']);
  expect(fx.sim.state().webhooks).toEqual([]);
  expect(fx.sim.state().userSubscriptions).toEqual([]);
});
