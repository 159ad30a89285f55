/**
 * docs/receiving.md's snippets are the tested code: each ```ts block there follows a `<!-- snippet: path -->` line
 * and is that file of test/receiving/snippets/ verbatim, and every snippet file is quoted. The files run where their
 * runtime is: Workers, Deno and Bun in workerd.test.ts, deno.test.ts and bun.test.ts, Lambda in lambda.test.ts,
 * Redis (two processes) in redis.test.ts; here, Express (its own process, as a user starts it), the Next.js route
 * handler and the Hono app (called with Requests, as their frameworks call them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, startProcess, waitForHttp, type RunningProcess } from './runtimes';
import { expectSnippetReceives, SNIPPET_SECRET, type SendToSnippet } from './snippet-check';

const ROOT = path.resolve(__dirname, '../..');
const DOC = 'docs/receiving.md';
const SNIPPETS = path.join(__dirname, 'snippets');

describe(`${DOC} quotes the snippet files`, () => {
  const doc = fs.readFileSync(path.join(ROOT, DOC), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)];
  const quoted = [...doc.matchAll(/^<!-- snippet: (\S+) -->\n```ts\n([\s\S]*?)^```$/gm)].map((m) => [m[1]!, m[2]!] as const);

  test('every ts block is a snippet file, quoted verbatim', () => {
    expect(quoted.length).toBe(blocks.length);
    for (const [file, text] of quoted) expect([file, text]).toEqual([file, fs.readFileSync(path.join(ROOT, file), 'utf8')]);
  });

  test('every snippet file is quoted', () => {
    const files = fs
      .readdirSync(SNIPPETS)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => `test/receiving/snippets/${f}`);
    expect(quoted.map(([file]) => file).sort()).toEqual(files.sort());
  });
});

/** console.log of the jest process, for the snippets run in it. */
function capturedLog(): { output: () => string; restore: () => void } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return { output: () => lines.join('\n'), restore: () => spy.mockRestore() };
}

describe('the Express snippet (snippets/express.ts), run as its own process', () => {
  let server: RunningProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    server = startProcess(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(SNIPPETS, 'express.ts')], {
      cwd: ROOT,
      env: { PORT: String(port), GOTO_WEBHOOK_SECRET: SNIPPET_SECRET },
    });
    url = `http://127.0.0.1:${port}/goto/webhooks`;
    await waitForHttp(url, server);
  }, 60_000);

  afterAll(() => server?.stop());

  test('receives a signed delivery', async () => {
    await expectSnippetReceives(url, () => server.output());
  });

  test('the JSON body parser after it still serves the rest of the app', async () => {
    const response = await fetch(url.replace('/goto/webhooks', '/elsewhere'), {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(404); // parsed by express.json(), then no route: Express's own answer
  });
});

describe('route handlers called with Requests', () => {
  beforeAll(() => {
    process.env.GOTO_WEBHOOK_SECRET = SNIPPET_SECRET;
  });
  afterAll(() => {
    delete process.env.GOTO_WEBHOOK_SECRET;
  });

  test('the Next.js route handler (snippets/next-route.ts): GET and POST', async () => {
    const route = require('./snippets/next-route') as typeof import('./snippets/next-route.js');
    expect(route.dynamic).toBe('force-dynamic');
    const send: SendToSnippet = (init) => route[init.method](new Request('https://app.example/goto/webhooks', init));
    const log = capturedLog();
    try {
      await expectSnippetReceives(send, log.output);
    } finally {
      log.restore();
    }
  });

  test('the Hono app (snippets/hono.ts)', async () => {
    const app = (require('./snippets/hono') as typeof import('./snippets/hono.js')).default;
    const send: SendToSnippet = async (init) => app.fetch(new Request('https://app.example/goto/webhooks', init));
    const log = capturedLog();
    try {
      await expectSnippetReceives(send, log.output);
    } finally {
      log.restore();
    }
  });
});
