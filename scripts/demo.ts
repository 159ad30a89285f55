/**
 * `npm run demo`: the `dev` stack (Pulumi.dev.yaml) through its whole life, with no GoTo account and no network.
 *
 * It starts the GoTo simulator and a receiving application on loopback, then runs the real Pulumi engine (the
 * project's CLI build, built first when needed: tools/pulumi/) over a working copy of the project:
 * preview → up → preview (no changes) → drift made by hand through the API → preview (exactly that drift, with
 * the engine's warnings saying what drifted) → up (healed) → preview (clean) → an event delivered and verified →
 * destroy. It exits 1 as soon as something differs from what is expected.
 *
 * With GOTOWEBINAR_API_URL (and credentials) in the environment it runs preview, up, preview and destroy against
 * that API instead, and only with --allow-real-secret-key unless that API is the simulator (scripts/real-api-guard.ts).
 * See `printUsage` for the variables.
 *
 * This file only makes sure the package is compiled (the program imports `pulumi-gotowebinar`, which resolves to
 * dist/), then loads the demo itself. `npm run demo` does not build first: this does, and only when dist/ is stale.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/** Newest mtime of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const marker = path.join(ROOT, 'dist', 'provider', 'index.js');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(ROOT, 'provider')), newestSource(path.join(ROOT, 'simulator')));
  if (built >= sources) return;
  console.log(built ? 'dist/ is older than the sources: npm run build' : 'dist/ is missing: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm run build failed');
    process.exit(2);
  }
}

function printUsage(): void {
  console.log(`npm run demo [-- --help]

Drives the dev stack (Pulumi.dev.yaml) through preview, up, drift, heal, an event and destroy against the local
GoToWebinar simulator, with a receiving application on loopback, under the real Pulumi engine: the project's own
CLI build (tools/pulumi/, made from the Go module proxy on first use, which takes minutes once). Needs \`npm ci\` and
Go; no credentials, no GoTo account, no Pulumi CLI. Exits 1 when anything differs from what is expected.

Against another API (e.g. \`npm run simulator -- --allow-loopback-http --port 8787\` in another terminal, or GoTo):
  GOTOWEBINAR_API_URL         the API, e.g. http://127.0.0.1:8787/G2W/rest/v2
  GOTOWEBINAR_AUTH_URL        its OAuth token endpoint (for refresh tokens)
  GOTOWEBINAR_ACCESS_TOKEN    or GOTOWEBINAR_CLIENT_ID + _CLIENT_SECRET + _REFRESH_TOKEN
  GOTOWEBINAR_ORGANIZER_<NAME>_REFRESH_TOKEN (or _ACCESS_TOKEN) for each organizer of the stack (alice, bob)
  DEMO_CALLBACK_BASE_URL      overrides the stack's callbackBaseUrl (GoTo needs a public https URL)
Then only preview, up, preview and destroy run: drift and event delivery need the simulator's admin surface.
An API that is not the simulator (a loopback host answering /_sim) is refused unless --allow-real-secret-key (or
DEMO_ALLOW_REAL_SECRET_KEY=1) is given: the stack creates a SecretKey, which GoTo cannot delete and which takes over
signing at once for every webhook of the application.`);
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  printUsage();
} else {
  ensureBuilt();
  // Loaded only now: it imports the compiled package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./demo-run') as typeof import('./demo-run'))
    .main()
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : String(error));
      process.exit(1);
    });
}
