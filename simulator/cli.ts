/**
 * `npm run simulator -- [flags]`: runs the simulator in the foreground for manual exploration and demos, printing
 * the URLs, the dev credentials and ready-to-paste curl commands, then one line per request and delivery.
 */
import { startSimulator } from './index';
import type { SimulatorOptions } from './types';

const USAGE = `Usage: npm run simulator -- [options]

Runs the GoToWebinar API simulator on loopback until Ctrl-C.

Options:
  --port N               port to listen on (default 0: a free port)
  --host H               address to bind (default 127.0.0.1)
  --allow-loopback-http  accept http:// callback URLs on 127.0.0.1 / localhost / [::1]
  --sketch               sketch-compatible mode (also accept the founding sketch's shapes)
  --rate-limit N         API requests per token per second (default 10, 0 = off)
  --latency MS           added latency for every API and OAuth request
  --key-shape S          form of minted webhook/subscription keys: decimal (default), uuid or mixed
  --max-batch-size N     refuse (400) array writes of more than N items (default 0: no limit)
  --rotate-refresh-tokens M  refreshes answer a new refresh token; the used one: keep-old (still valid) or revoke-old
  --oauth-consent M      how /oauth/authorize decides: page (default: a consent page, choose the user, Allow or Deny)
                         or auto (approves at once as the first user, or the user_key query parameter)
  --help                 show this help
`;

class UsageError extends Error {}

function parseArgs(argv: string[]): SimulatorOptions | 'help' {
  const options: SimulatorOptions = {};
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isInteger(n) || n < 0) {
      throw new UsageError(`${flag} needs a non-negative integer, got ${value ?? 'nothing'}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--port':
        options.port = number(flag, value());
        if (options.port > 65535) throw new UsageError('--port must be <= 65535');
        break;
      case '--host':
        options.host = value();
        if (!options.host) throw new UsageError('--host needs an address');
        break;
      case '--allow-loopback-http':
        options.allowLoopbackHttp = true;
        break;
      case '--sketch':
        options.mode = 'sketch-compatible';
        break;
      case '--rate-limit':
        options.rateLimitPerSecond = number(flag, value());
        break;
      case '--key-shape': {
        const shape = value();
        if (shape !== 'decimal' && shape !== 'uuid' && shape !== 'mixed') {
          throw new UsageError(`--key-shape must be decimal, uuid or mixed, got ${shape ?? 'nothing'}`);
        }
        options.keyShape = shape;
        break;
      }
      case '--max-batch-size':
        options.maxBatchSize = number(flag, value());
        break;
      case '--rotate-refresh-tokens': {
        const mode = value();
        if (mode !== 'keep-old' && mode !== 'revoke-old' && mode !== 'off') {
          throw new UsageError(`--rotate-refresh-tokens must be keep-old, revoke-old or off, got ${mode ?? 'nothing'}`);
        }
        options.refreshTokenRotation = mode;
        break;
      }
      case '--oauth-consent': {
        const mode = value();
        if (mode !== 'page' && mode !== 'auto') throw new UsageError(`--oauth-consent must be page or auto, got ${mode ?? 'nothing'}`);
        options.oauthConsent = mode;
        break;
      }
      case '--latency':
        options.faults = { ...options.faults, latencyMs: number(flag, value()) };
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let parsed: SimulatorOptions | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const line = (s: string): void => {
    process.stdout.write(`${s}\n`);
  };
  const sim = await startSimulator({ ...parsed, log: (s) => line(`${new Date().toISOString()} ${s}`) });
  const [alice] = sim.users;
  const client = sim.clients.find((c) => c.clientId === alice?.clientId) ?? sim.clients[0]!;
  const callbackHint = parsed.allowLoopbackHttp
    ? 'http://127.0.0.1:9999/hook (a server of yours answering GET with 200)'
    : 'https://your-receiver.example.com/hook (must answer GET with 200; start with --allow-loopback-http for a local http one)';

  line(`GoToWebinar simulator listening (${parsed.mode ?? 'strict'} mode)`);
  line(`  API:        ${sim.apiUrl}`);
  line(`  OAuth:      ${sim.authorizeUrl}  ${sim.authUrl}`);
  line(`  Consent:    ${sim.oauthConsent() === 'page' ? 'a consent page (--oauth-consent auto approves at once)' : 'approved at once (auto)'}`);
  line(`  Admin:      ${sim.url}/_sim/  (GET ${sim.url}/_sim lists the endpoints)`);
  line('');
  line('Dev credentials:');
  for (const c of sim.clients) line(`  client      ${c.clientId} / ${c.clientSecret}`);
  for (const u of sim.users) {
    const pat = u.personalAccessToken ? `  personal access token ${u.personalAccessToken}` : '';
    line(`  ${u.email.padEnd(20)} userKey ${u.userKey}  access token ${u.accessToken}  refresh token ${u.refreshToken}${pat}`);
  }
  line('');
  if (alice) {
    const auth = `-H 'Authorization: Bearer ${alice.accessToken}'`;
    line('Try:');
    line(`  curl -s ${auth} '${sim.apiUrl}/webhooks?product=g2w'`);
    line(`  curl -s ${auth} -H 'Content-Type: application/json' -d '{}' ${sim.apiUrl}/webhooks/secretkey`);
    line(`  # callbackUrl: ${callbackHint}`);
    line(
      `  curl -s ${auth} -H 'Content-Type: application/json' ` +
        `-d '[{"callbackUrl":"CALLBACK","eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w"}]' ${sim.apiUrl}/webhooks`,
    );
    line(`  curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=refresh_token -d refresh_token=${alice.refreshToken} ${sim.authUrl}`);
    line(`  # a new personal access token of alice, then an access token for it:`);
    line(`  curl -s -X POST -H 'Content-Type: application/json' -d '{"userKey":"${alice.userKey}"}' ${sim.url}/_sim/personal-access-tokens`);
    line(`  curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=personal_access_token -d pat=PAT ${sim.authUrl}`);
    line(`  curl -s -X POST -H 'Content-Type: application/json' -d '{"eventName":"registrant.added"}' ${sim.url}/_sim/events`);
    line(`  # every API request answered 429 for 20 s from now, as when someone else uses up the token's limit:`);
    line(`  curl -s -X PUT -H 'Content-Type: application/json' -d '{"tooManyRequestsForMs":20000}' ${sim.url}/_sim/faults`);
    line(`  curl -s ${sim.url}/_sim/state`);
  }
  line('');
  line('Ctrl-C stops.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    line(`${signal}: stopping`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
