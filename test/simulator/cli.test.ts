/** The CLI as `npm run simulator` runs it (ts-node --transpile-only simulator/cli.ts), in a child process. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });

interface Run {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [tsNode, '--transpile-only', 'simulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { stdout: () => out, stderr: () => err, exit, kill: (s) => child.kill(s) };
}

async function waitFor(run: Run, pattern: RegExp, ms = 15000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(run.stdout());
    if (m) return m;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; stdout: ${run.stdout()} stderr: ${run.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('starts on a free port, prints URLs, credentials and curl examples, logs requests, and stops on SIGINT', async () => {
  const run = runCli(['--port', '0', '--allow-loopback-http', '--rate-limit', '5', '--latency', '0']);
  try {
    const [, apiUrl] = await waitFor(run, /API:\s+(http:\/\/127\.0\.0\.1:\d+\/G2W\/rest\/v2)/);
    await waitFor(run, /Ctrl-C stops/);
    const out = run.stdout();
    expect(out).toMatch(/OAuth:\s+http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\s+http:\/\/127\.0\.0\.1:\d+\/oauth\/token/);
    expect(out).toMatch(/Admin:\s+http:\/\/127\.0\.0\.1:\d+\/_sim\//);
    expect(out).toContain('dev-client / dev-client-secret');
    expect(out).toContain('dev-token-alice');
    expect(out).toContain('dev-refresh-bob');
    expect(out).toContain('personal access token dev-pat-alice');
    expect(out).toMatch(/Consent:\s+a consent page/);
    expect(out).toContain(`curl -s -H 'Authorization: Bearer dev-token-alice' '${apiUrl}/webhooks?product=g2w'`);

    const r = await fetch(`${apiUrl}/webhooks?product=g2w`, { headers: { Authorization: 'Bearer dev-token-alice' } });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ _embedded: { webhooks: [] } });
    await waitFor(run, /api GET \/G2W\/rest\/v2\/webhooks -> 200/);
  } finally {
    run.kill('SIGINT');
  }
  expect(await run.exit).toEqual({ code: 0, signal: null });
  expect(run.stdout()).toContain('SIGINT: stopping');
});

it('--help prints usage and exits 0; an unknown flag exits 2', async () => {
  const help = runCli(['--help']);
  const bad = runCli(['--bogus']);
  expect((await help.exit).code).toBe(0);
  expect(help.stdout()).toMatch(/Usage: npm run simulator -- \[options\]/);
  for (const flag of ['--port N', '--allow-loopback-http', '--sketch', '--rate-limit N', '--latency MS']) expect(help.stdout()).toContain(flag);
  expect((await bad.exit).code).toBe(2);
  expect(bad.stderr()).toMatch(/unknown option --bogus/);
});

it('--oauth-consent auto approves at once; another value exits 2', async () => {
  const run = runCli(['--port', '0', '--oauth-consent', 'auto']);
  try {
    const [, origin] = await waitFor(run, /Admin:\s+(http:\/\/127\.0\.0\.1:\d+)\/_sim\//);
    expect(run.stdout()).toMatch(/Consent:\s+approved at once \(auto\)/);
    expect(await (await fetch(`${origin}/_sim/oauth`)).json()).toEqual({ consent: 'auto' });
  } finally {
    run.kill('SIGINT');
  }
  await run.exit;
  const bad = runCli(['--oauth-consent', 'maybe']);
  expect((await bad.exit).code).toBe(2);
  expect(bad.stderr()).toMatch(/--oauth-consent must be page or auto, got maybe/);
});
