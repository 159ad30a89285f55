/** `npx pulumi-gotowebinar login`: see login.ts. */
import { organizerName } from '../rules';
import { parseFlags, UsageError, type Command } from './command';
import { login } from './login';

const DEFAULT_TIMEOUT_SECONDS = 300;
/** A day: longer is a forgotten terminal, not a sign-in. */
const MAX_TIMEOUT_SECONDS = 86_400;

export const loginCommand: Command = {
  name: 'login',
  usage:
    'pulumi-gotowebinar login [--stack S] [--organizer NAME] [--port N] [--no-browser] [--print-env] [--show-token] [--timeout SECONDS]\n' +
    '  Signs a GoTo user in through the browser (OAuth authorization code, back to http://127.0.0.1:<port>/callback)\n' +
    "  and stores their refresh token as a secret in the stack's config: gotowebinar:refreshToken, or with --organizer\n" +
    "  gotowebinar:organizers.NAME.refreshToken. The OAuth client: gotowebinar:clientId and gotowebinar:clientSecret\n" +
    '  (else GOTOWEBINAR_CLIENT_ID, GOTOWEBINAR_CLIENT_SECRET); register the redirect URI on it in GoTo\'s developer center.\n' +
    '  --stack S         the stack whose config is read and written (default: the selected stack)\n' +
    "  --organizer NAME  sign in for this credentials profile instead of the default account\n" +
    '  --port N          the port of the registered redirect URI (default: any free port)\n' +
    '  --no-browser      only print the sign-in URL (open it on any machine whose browser reaches this one)\n' +
    '  --print-env       print `export GOTOWEBINAR_REFRESH_TOKEN=…` (GOTOWEBINAR_ORGANIZER_<NAME>_REFRESH_TOKEN with\n' +
    '                    --organizer) instead of storing anything\n' +
    '  --show-token      also print the stored refresh token\n' +
    `  --timeout SECONDS how long to wait for the sign-in (default ${DEFAULT_TIMEOUT_SECONDS})`,
  async run(args, io) {
    const { values, switches } = parseFlags(args, {
      values: ['--stack', '--organizer', '--port', '--timeout'],
      switches: ['--no-browser', '--print-env', '--show-token'],
    });
    const one = (flag: string) => {
      const all = values.get(flag);
      if (all && all.length > 1) throw new UsageError(`${flag} is given ${all.length} times: give it once`);
      return all?.[0];
    };
    const organizer = one('--organizer');
    const reason = organizer === undefined ? undefined : organizerName(organizer);
    if (reason) throw new UsageError(`--organizer ${reason}`);
    return login(
      {
        stack: one('--stack'),
        organizer,
        port: port(one('--port')),
        browser: !switches.has('--no-browser'),
        printEnv: switches.has('--print-env'),
        showToken: switches.has('--show-token'),
        timeoutSeconds: timeout(one('--timeout')),
      },
      io,
    );
  },
};

function port(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new UsageError(`--port must be a port number from 1 to 65535, got ${JSON.stringify(text)}`);
  return n;
}

function timeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${JSON.stringify(text)}`);
  }
  return n;
}
