/**
 * docs/secrets.md (and the README's table), held line by line under the real Pulumi CLI: what the engine keeps of
 * the credentials, the signing key's value and the callback path token, and where, encrypted or not.
 *
 * The repository's own stack (a SecretKey, the RandomPassword path token, 3 webhooks, 4 subscriptions of two
 * organizers) runs against the simulator twice: credentials given as GOTOWEBINAR_* environment variables, then as
 * stack config secrets (`--secret`, `--path`). Every credential kind is used: the OAuth client secret and a refresh
 * token (the default account and organizer alice), an access token (organizer bob), all of them random per run, so
 * any occurrence is a leak and not a coincidence. After each step the places docs/secrets.md names are scanned: the
 * stack file, `pulumi stack export` with and without --show-secrets, every file of the file backend (state,
 * history, backups), the CLI's output of a normal run, its output and temp-dir log with --debug / -v=9 --logflow,
 * Pulumi's automatic logs in PULUMI_HOME, and what `destroy` and `pulumi stack rm` leave behind. The places the doc
 * says hold a value encrypted are checked both ways: the value is absent in clear, present as a secret envelope,
 * and the passphrase brings it back.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEV_USERS, startSimulator, type RunningSimulator } from '../../simulator';
import { startLocalReceiver, type LocalReceiver } from '../../scripts/local-receiver';
import { ensureEngine } from '../../tools/pulumi/build';
import { ensureRandomPlugin, offlineEnv, type Env } from '../../tools/pulumi/environment';
import { rootProjectCopy, type WorkCopy } from '../../tools/pulumi/work-copy';
import { runProcess, type Outcome } from '../support/run-process';
import { PROJECT } from '../../stack/types';
import { specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import { OPERATION_TIMEOUT } from './support';

jest.setTimeout(OPERATION_TIMEOUT);

const STACK = 'dev';
/** The key that marks a secret envelope in a checkpoint (the SDK's `specialSigKey`), with `ciphertext` beside it. */
const SIG_KEY = specialSigKey;
/** Tokens the simulator issues on a refresh: held in memory by the provider, stored nowhere. */
const ISSUED_TOKEN = /sim-(?:at|rt)-[A-Za-z0-9_-]{16,}/;

type Mode = 'environment' | 'config';

const hex = (prefix: string) => `${prefix}-${randomBytes(12).toString('hex')}`;

/** The labels of `values` that occur in `text` (and the issued-token pattern, when it matches). */
function found(text: string, values: Record<string, string>): string[] {
  const hits = Object.entries(values)
    .filter(([, v]) => v && text.includes(v))
    .map(([label]) => label);
  if (ISSUED_TOKEN.test(text)) hits.push('a token issued by a refresh');
  return hits;
}

/** Every file under `dir`, with its text (read as latin1: binary files are scanned byte for byte). */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  if (!fs.existsSync(dir)) return [];
  const out: Array<{ file: string; text: string }> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push({ file, text: fs.readFileSync(file, 'latin1') });
  }
  return out;
}

/** Files (relative to `root`) → labels of `values` found in clear; only the files with a hit. */
function leaksIn(root: string, values: Record<string, string>, read = filesUnder(root)): Record<string, string[]> {
  const leaks: Record<string, string[]> = {};
  for (const { file, text } of read) {
    const hits = found(text, values);
    if (hits.length) leaks[path.relative(root, file)] = hits;
  }
  return leaks;
}

/** The property names whose value is a secret envelope (encrypted), anywhere in `json`. */
function encryptedKeys(json: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (SIG_KEY in o && typeof o.ciphertext === 'string' && key !== undefined) keys.add(key);
    for (const [k, x] of Object.entries(o)) walk(x, k);
  };
  walk(json);
  return keys;
}

const isEnvelope = (v: unknown): boolean =>
  !!v && typeof v === 'object' && SIG_KEY in (v as object) && typeof (v as { ciphertext?: unknown }).ciphertext === 'string';

interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe.each<Mode>(['environment', 'config'])('credentials given as %s', (mode) => {
  let sim: RunningSimulator;
  let receiver: LocalReceiver;
  let copy: WorkCopy;
  let scratch: string;
  let backend: string;
  let home: string;
  let tmp: string;
  let pulumi: string;
  let env: Env;
  /** The CLI's output of the normal run, every command's stdout and stderr. */
  let normalOutput = '';
  let credentials: Record<string, string>;
  /** Plain settings: in clear where the config is, and nowhere when given as environment variables. */
  let plain: Record<string, string>;
  let signing: Record<string, string>;

  const stackFile = () => path.join(copy.dir, `Pulumi.${STACK}.yaml`);
  const stateFile = () => path.join(backend, '.pulumi', 'stacks', PROJECT, `${STACK}.json`);
  const historyDir = () => path.join(backend, '.pulumi', 'history', PROJECT, STACK);
  const backupsDir = () => path.join(backend, '.pulumi', 'backups', PROJECT, STACK);

  function cli(args: string[], extraEnv: Env = {}): Promise<Outcome> {
    return runProcess(pulumi, args, { cwd: copy.dir, env: { ...env, ...extraEnv } });
  }

  /** A command of the normal run: must succeed; its output is kept for the scan. */
  async function ok(args: string[]): Promise<Outcome> {
    const o = await cli(args);
    normalOutput += `${o.stdout}\n${o.stderr}\n`;
    if (o.code !== 0) throw new Error(`pulumi ${args[0]} ${args[1] ?? ''}: exit ${o.code}\n${o.stdout}\n${o.stderr}`);
    return o;
  }

  beforeAll(async () => {
    const client = { clientId: hex('client'), clientSecret: hex('client-secret') };
    const [alice, bob] = DEV_USERS.map((u) => ({
      ...u,
      clientId: client.clientId,
      accessToken: hex(`access-${u.email.split('@')[0]}`),
      refreshToken: hex(`refresh-${u.email.split('@')[0]}`),
    }));
    sim = await startSimulator({ allowLoopbackHttp: true, clients: [client], users: [alice!, bob!] });
    receiver = await startLocalReceiver({ basePath: '/goto' });
    copy = rootProjectCopy(`secrets-at-rest-${mode}`);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gotowebinar-secrets-'));
    [backend, home, tmp] = ['backend', 'home', 'tmp'].map((d) => path.join(scratch, d));
    for (const dir of [backend, home, tmp]) fs.mkdirSync(dir);
    credentials = {
      'the client secret': client.clientSecret,
      "alice's refresh token": alice!.refreshToken,
      "bob's access token": bob!.accessToken,
    };
    plain = { 'the client id': client.clientId, 'the API URL': sim.apiUrl };

    const engine = await ensureEngine();
    pulumi = engine.pulumi;
    const base: Env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: hex('passphrase'),
      // A home of its own, to find this stack's automatic logs; a temp dir of its own, to find the -v log file.
      PULUMI_HOME: home,
      TMPDIR: tmp,
      PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
    };
    for (const k of Object.keys(base)) if (k.startsWith('GOTOWEBINAR_')) delete base[k];
    if (mode === 'environment') {
      Object.assign(base, {
        GOTOWEBINAR_API_URL: sim.apiUrl,
        GOTOWEBINAR_AUTH_URL: sim.authUrl,
        GOTOWEBINAR_CLIENT_ID: client.clientId,
        GOTOWEBINAR_CLIENT_SECRET: client.clientSecret,
        GOTOWEBINAR_REFRESH_TOKEN: alice!.refreshToken,
        GOTOWEBINAR_ORGANIZER_ALICE_REFRESH_TOKEN: alice!.refreshToken,
        GOTOWEBINAR_ORGANIZER_BOB_ACCESS_TOKEN: bob!.accessToken,
      });
    }
    env = offlineEnv(engine, base);
    ensureRandomPlugin(engine, env);
  });

  afterAll(async () => {
    await receiver?.stop();
    await sim?.stop();
    copy?.remove();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * The steps below run in order, as one test: each looks at what the ones before it did to the same stack (the
   * normal run's output, the signing key it made, the state destroy left), so none of them could run alone.
   */
  const steps: Array<{ title: string; run: () => unknown }> = [];
  const step = (title: string, run: () => unknown) => steps.push({ title, run });

  step(`the stack file: ${mode === 'config' ? 'credentials only encrypted (secure: v1:…)' : 'no credential'}`, async () => {
    await ok(['stack', 'init', STACK]);
    await ok(['config', 'set', `${PROJECT}:callbackBaseUrl`, receiver.baseUrl]);
    if (mode === 'config') {
      await ok(['config', 'set', 'gotowebinar:apiUrl', sim.apiUrl]);
      await ok(['config', 'set', 'gotowebinar:authUrl', sim.authUrl]);
      await ok(['config', 'set', 'gotowebinar:clientId', plain['the client id']!]);
      await ok(['config', 'set', '--secret', 'gotowebinar:clientSecret', credentials['the client secret']!]);
      await ok(['config', 'set', '--secret', 'gotowebinar:refreshToken', credentials["alice's refresh token"]!]);
      await ok(['config', 'set', '--secret', '--path', 'gotowebinar:organizers.alice.refreshToken', credentials["alice's refresh token"]!]);
      await ok(['config', 'set', '--secret', '--path', 'gotowebinar:organizers.bob.accessToken', credentials["bob's access token"]!]);
    }
    const text = fs.readFileSync(stackFile(), 'utf8');
    expect(found(text, credentials)).toEqual([]);
    if (mode === 'config') {
      expect(text).toMatch(/gotowebinar:clientSecret:\s*\n\s*secure: v1:/);
      expect(text).toMatch(/alice:\s*\n\s*refreshToken:\s*\n\s*secure: v1:/);
      expect(text).toMatch(/bob:\s*\n\s*accessToken:\s*\n\s*secure: v1:/);
      expect(text).toContain(plain['the client id']);
    }
  });

  step('a normal run (up, preview --diff, refresh, stack output): its output shows no credential, key or token', async () => {
    await ok(['up', '--stack', STACK, '--yes', '--non-interactive', '--skip-preview']);
    // The credentials were used: everything exists at the simulator, bob's subscription made with bob's token.
    expect(sim.state().webhooks).toHaveLength(3);
    expect(sim.state().userSubscriptions).toHaveLength(4);
    expect(sim.state().userSubscriptions.filter((s) => s.userKey === DEV_USERS[1]!.userKey)).toHaveLength(1);
    expect(sim.requests().some((r) => r.kind === 'oauth')).toBe(true);
    const key = sim.state().secretKeys[0]!.value;
    const token = sim.state().webhooks[0]!.callbackUrl.slice(receiver.baseUrl.length + 1).split('/')[0]!;
    expect(token).toMatch(/^[a-z0-9]{32}$/);
    signing = { 'the secret key value': key, 'the callback path token': token };

    await ok(['preview', '--stack', STACK, '--diff', '--non-interactive']);
    await ok(['refresh', '--stack', STACK, '--yes', '--non-interactive', '--skip-preview']);
    const shown = await ok(['stack', 'output', '--stack', STACK, 'secretKey']);
    expect(shown.stdout.trim()).toBe('[secret]');
    expect(found(normalOutput, { ...credentials, ...signing })).toEqual([]);
  });

  step('pulumi stack export: nothing in clear; what the doc calls encrypted is a secret envelope, and --show-secrets brings it back', async () => {
    const exported = (await cli(['stack', 'export', '--stack', STACK])).stdout;
    expect(found(exported, { ...credentials, ...signing })).toEqual([]);
    const resources = (JSON.parse(exported) as { deployment: { resources: StateResource[] } }).deployment.resources;
    const ofType = (t: string) => resources.filter((r) => r.type === t);

    // The default pulumi-nodejs provider holds the whole stack config: credentials given as config, encrypted.
    const [provider] = ofType('pulumi:providers:pulumi-nodejs');
    expect(provider).toBeDefined();
    for (const props of [provider!.inputs ?? {}, provider!.outputs ?? {}]) {
      const settings = Object.keys(props).filter((k) => k.startsWith('gotowebinar:'));
      if (mode === 'config') {
        for (const k of ['gotowebinar:clientSecret', 'gotowebinar:refreshToken', 'gotowebinar:organizers']) expect(isEnvelope(props[k])).toBe(true);
        expect(props['gotowebinar:clientId']).toBe(plain['the client id']);
        expect(props['gotowebinar:apiUrl']).toBe(sim.apiUrl);
      } else {
        expect(settings).toEqual([]);
      }
    }
    if (mode === 'environment') expect(found(exported, plain)).toEqual([]);

    // The key value and everything holding the token: encrypted, whichever way credentials were given.
    expect(isEnvelope(ofType('pulumi-nodejs:dynamic/gotowebinar:SecretKey')[0]?.outputs?.secretKey)).toBe(true);
    expect(isEnvelope(ofType('random:index/randomPassword:RandomPassword')[0]?.outputs?.result)).toBe(true);
    const webhooks = ofType('pulumi-nodejs:dynamic/gotowebinar:Webhook');
    expect(webhooks).toHaveLength(3);
    for (const w of webhooks) {
      expect(isEnvelope(w.inputs?.callbackUrl)).toBe(true);
      expect(isEnvelope(w.outputs?.callbackUrl)).toBe(true);
    }
    const outputs = ofType('pulumi:pulumi:Stack')[0]?.outputs ?? {};
    for (const k of ['secretKey', 'callbackPathToken', 'callbackUrls']) expect(isEnvelope(outputs[k])).toBe(true);

    // --show-secrets decrypts: the key and token always; the credentials exactly when they were config secrets.
    const revealed = (await cli(['stack', 'export', '--stack', STACK, '--show-secrets'])).stdout;
    expect(found(revealed, signing).sort()).toEqual(Object.keys(signing).sort());
    expect(found(revealed, credentials).sort()).toEqual(mode === 'config' ? Object.keys(credentials).sort() : []);
    if (mode === 'config') {
      const config = (await cli(['config', '--stack', STACK, '--show-secrets', '--json'])).stdout;
      expect(found(config, credentials).sort()).toEqual(Object.keys(credentials).sort());
    }
  });

  step('the backend folder (state, history, backups): nothing in clear; the history holds the encrypted values', () => {
    expect(leaksIn(backend, { ...credentials, ...signing })).toEqual({});
    const history = filesUnder(historyDir()).filter((f) => f.file.endsWith('.checkpoint.json'));
    expect(history.length).toBeGreaterThan(0);
    const encrypted = encryptedKeys(JSON.parse(history.at(-1)!.text));
    expect(encrypted).toContain('secretKey');
    expect(encrypted).toContain('callbackPathToken');
    expect(encrypted.has('gotowebinar:clientSecret')).toBe(mode === 'config');
  });

  step('--debug and -v=9 --logflow print the key value and the token in clear (CLI output and temp-dir log), never a credential', async () => {
    const debug = await cli(['preview', '--stack', STACK, '--non-interactive', '--debug', '-v=9', '--logflow']);
    expect(debug.code).toBe(0);
    const printed = `${debug.stdout}\n${debug.stderr}`;
    expect(found(printed, credentials)).toEqual([]);
    expect(found(printed, signing).sort()).toEqual(Object.keys(signing).sort());

    const logs = filesUnder(tmp).filter((f) => /^pulumi\..*\.log\.INFO\./.test(path.basename(f.file)));
    expect(logs.length).toBeGreaterThan(0);
    const logText = logs.map((f) => f.text).join('\n');
    expect(found(logText, credentials)).toEqual([]);
    expect(found(logText, signing).sort()).toEqual(Object.keys(signing).sort());
  });

  step("Pulumi's automatic logs: stack logs are encrypted and, decrypted, hold the key value and the token; no credential anywhere", async () => {
    const logsDir = path.join(home, 'logs');
    const logs = filesUnder(logsDir);
    expect(logs.length).toBeGreaterThan(0);
    const stackLogs = logs.filter((l) => l.text.startsWith('PLOG'));
    const gzipLogs = logs.filter((l) => l.text.startsWith('\x1f\x8b'));
    expect(stackLogs.length).toBeGreaterThan(0);
    // As stored: the encrypted ones show nothing; the gzip ones (commands without a stack) hold none of the values.
    expect(leaksIn(logsDir, { ...credentials, ...signing }, stackLogs)).toEqual({});
    const unzipped = gzipLogs.map((l) => ({ file: l.file, text: gunzipSync(fs.readFileSync(l.file)).toString('utf8') }));
    expect(leaksIn(logsDir, { ...credentials, ...signing }, unzipped)).toEqual({});

    const decrypted: Array<{ file: string; text: string }> = [];
    for (const l of stackLogs) {
      const o = await cli(['logs', 'decrypt', l.file, '--stack', STACK]);
      expect(o.code).toBe(0);
      decrypted.push({ file: l.file, text: o.stdout });
    }
    expect(leaksIn(logsDir, credentials, decrypted)).toEqual({});
    const upLog = decrypted.find((d) => d.text.includes('"Command":"pulumi up"'));
    expect(upLog).toBeDefined();
    expect(found(upLog!.text, signing).sort()).toEqual(Object.keys(signing).sort());
  });

  step('after destroy: the state is empty, the history and backups still hold the values, encrypted only', async () => {
    await ok(['destroy', '--stack', STACK, '--yes', '--non-interactive', '--skip-preview']);
    expect(sim.state().webhooks).toEqual([]);
    const state = JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as { checkpoint: { latest?: { resources?: unknown[] } } };
    expect(state.checkpoint.latest?.resources ?? []).toEqual([]);
    expect(leaksIn(backend, { ...credentials, ...signing })).toEqual({});
    for (const dir of [historyDir(), backupsDir()]) {
      const kept = filesUnder(dir).filter((f) => f.file.endsWith('.json') && encryptedKeys(JSON.parse(f.text)).has('secretKey'));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.some((f) => encryptedKeys(JSON.parse(f.text)).has('gotowebinar:clientSecret'))).toBe(mode === 'config');
    }
    expect(found(normalOutput, { ...credentials, ...signing })).toEqual([]);
  });

  step('pulumi stack rm: the state, its history and the stack file go; the backups stay, and the passphrase alone decrypts them', async () => {
    await ok(['stack', 'rm', '--stack', STACK, '--yes']);
    expect(fs.existsSync(stateFile())).toBe(false);
    expect(filesUnder(historyDir())).toEqual([]);
    expect(fs.existsSync(stackFile())).toBe(false);
    expect(fs.existsSync(`${stateFile()}.bak`)).toBe(true);
    expect(leaksIn(backend, { ...credentials, ...signing })).toEqual({});
    const backup = filesUnder(backupsDir()).find((f) => f.file.endsWith('.json') && encryptedKeys(JSON.parse(f.text)).has('secretKey'));
    expect(backup).toBeDefined();

    // A backup is a checkpoint; `stack import` takes its deployment, into a new stack of the same backend.
    const deployment = (JSON.parse(backup!.text) as { checkpoint: { latest: unknown } }).checkpoint.latest;
    const importFile = path.join(scratch, 'backup-deployment.json');
    fs.writeFileSync(importFile, JSON.stringify({ version: 3, deployment }));
    await ok(['stack', 'init', 'restored']);
    await ok(['stack', 'import', '--stack', 'restored', '--force', '--file', importFile]);
    const revealed = (await cli(['stack', 'export', '--stack', 'restored', '--show-secrets'])).stdout;
    expect(found(revealed, signing).sort()).toEqual(Object.keys(signing).sort());
    expect(found(revealed, credentials).sort()).toEqual(mode === 'config' ? Object.keys(credentials).sort() : []);
    expect(found(normalOutput, { ...credentials, ...signing })).toEqual([]);
  });

  test(`${mode}: the stack file, a normal run, stack export, the backend, --debug, the automatic logs, destroy and stack rm, in order`, async () => {
    for (const { title, run } of steps) {
      try {
        await run();
      } catch (err) {
        if (err instanceof Error) err.message = `step "${title}": ${err.message}`;
        throw err;
      }
    }
  }, OPERATION_TIMEOUT * 4);
});
