/**
 * Drives `npx pulumi-gotowebinar login` as a user does: the command runs as a process (bin/pulumi-gotowebinar, from
 * dist/), prints the sign-in URL, and a real browser (Debian's Chromium, headless, through playwright-core, which
 * never downloads one) opens it and answers the simulator's consent page.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../stack/support';

export interface LoginRun {
  /** The sign-in URL, once the command printed it on a line of its own. */
  url: Promise<string>;
  /** The command's end. */
  done: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
}

/** Starts `pulumi-gotowebinar login <args>` in `cwd`. */
export function startLogin(args: string[], options: { cwd: string; env: Record<string, string | undefined> }): LoginRun {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'pulumi-gotowebinar'), 'login', ...args], {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let stderr = '';
  let printed = false;
  let foundUrl: (url: string) => void = () => undefined;
  let noUrl: (err: Error) => void = () => undefined;
  const url = new Promise<string>((resolve, reject) => {
    foundUrl = (u) => {
      printed = true;
      resolve(u);
    };
    noUrl = reject;
  });
  // Rejected only when the command ends first: a test that never asks for the URL must not see an unhandled rejection.
  url.catch(() => undefined);
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const line = /^(https?:\/\/\S+)$/m.exec(stderr);
    if (line) foundUrl(line[1]!);
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
  // A command that ends without printing the URL must not leave `url` waiting forever.
  void done.then((r) => {
    if (!printed) noUrl(new Error(`login ended (exit ${r.code}) without a sign-in URL:\n${r.stderr}`));
  });
  return { url, done };
}

/** Debian's Chromium, headless; `.ci/run` installs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface ConsentResult {
  /** The HTTP status of the page the browser ended on. */
  status: number;
  /** Where the browser ended. */
  url: string;
  /** The text of that page. */
  text: string;
}

/**
 * Opens the sign-in URL in a fresh browser context and answers the consent page: the user with `email`, then the
 * button `decision`. `decision` undefined: only opens the URL and reports the page (e.g. the simulator's refusal).
 */
export async function consent(browser: Browser, url: string, answer?: { email: string; decision: 'allow' | 'deny' }): Promise<ConsentResult> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const first = await page.goto(url);
    if (!answer) return { status: first?.status() ?? 0, url: page.url(), text: await page.innerText('body') };
    await page.getByLabel(answer.email, { exact: true }).check();
    const landing = page.waitForResponse((r) => new URL(r.url()).pathname === '/callback', { timeout: 60_000 });
    await page.click(`button[name="decision"][value="${answer.decision}"]`);
    const response = await landing;
    await page.waitForLoadState('load');
    return { status: response.status(), url: page.url(), text: await page.innerText('body') };
  } finally {
    await context.close();
  }
}

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
