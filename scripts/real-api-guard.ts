/**
 * The demo's stack creates a SecretKey. At GoTo that is irreversible: there is no DELETE (nor GET) for signing keys,
 * and a key without validFrom takes over signing at once for every webhook of the OAuth application, so receivers
 * still holding the previous key would refuse every delivery. So the demo creates one only at an API that proves to
 * be the simulator (a loopback host answering the simulator's admin surface), or when explicitly allowed.
 */
import { isLoopbackHost } from 'pulumi-gotowebinar/rules';

export const ALLOW_FLAG = '--allow-real-secret-key';
export const ALLOW_ENV = 'DEMO_ALLOW_REAL_SECRET_KEY';

/** Whether `origin` answers `GET /_sim` as the simulator does. Only asked of loopback hosts. */
async function isSimulator(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/_sim`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { endpoints?: unknown };
    return res.status === 200 && Array.isArray(body.endpoints) && body.endpoints.some((e) => String(e).includes('/_sim/state'));
  } catch {
    return false;
  }
}

/** Undefined when the demo may create its SecretKey at `apiUrl`; otherwise why not, and how to allow it. */
export async function secretKeyRefusal(
  apiUrl: string,
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (argv.includes(ALLOW_FLAG) || /^(1|true|yes)$/i.test(env[ALLOW_ENV] ?? '')) return undefined;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    return `GOTOWEBINAR_API_URL is not a URL: ${JSON.stringify(apiUrl)}.`;
  }
  // A remote host is never probed: nothing at all is sent to what may be a real account.
  if (isLoopbackHost(url.hostname) && (await isSimulator(url.origin))) return undefined;
  return (
    `Refusing to run the demo against ${url.origin}: it is not the GoToWebinar simulator, so it may be a real GoTo ` +
    'account, and the demo stack creates a SecretKey there. GoTo cannot delete signing keys (there is no API to ' +
    'delete or revoke one), and a new key takes over signing at once for every webhook of the OAuth application: ' +
    'receivers that verify with the current key would refuse every delivery until they get the new one. If that is ' +
    `what you want, run \`npm run demo -- ${ALLOW_FLAG}\` (or set ${ALLOW_ENV}=1).`
  );
}
