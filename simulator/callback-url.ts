/**
 * GoTo's rules for a callbackUrl: it must be https, and GoTo GETs it on create and on update and refuses it unless
 * it answers 200. The simulator does both, so a client cannot get away with a URL the real API would refuse.
 * Plain http is only accepted on loopback and only when the simulator was started with allowLoopbackHttp.
 */
import { LOOPBACK_HOSTS, isLoopbackHost } from '../provider/rules/loopback';
import { badRequest } from './http-io';
import { outboundRequest } from './outbound';

const MAX_URL_LENGTH = 2048;

/** Throws 400 when `value` is not an acceptable callback URL; `where` names the item in the message. */
export function checkCallbackUrlSyntax(value: string, where: string, allowLoopbackHttp: boolean): URL {
  let url: URL;
  if (value.length > MAX_URL_LENGTH) throw badRequest(`${where}: callbackUrl is longer than ${MAX_URL_LENGTH} characters`);
  try {
    url = new URL(value);
  } catch {
    throw badRequest(`${where}: callbackUrl "${value}" is not a valid absolute URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:') {
    if (!allowLoopbackHttp) {
      throw badRequest(`${where}: callbackUrl must be an https URL (got "${value}")`);
    }
    if (!isLoopbackHost(url.hostname)) {
      throw badRequest(
        `${where}: callbackUrl must be an https URL; http is only accepted for loopback hosts (${[...LOOPBACK_HOSTS].join(', ')}) (got "${value}")`,
      );
    }
    return url;
  }
  throw badRequest(`${where}: callbackUrl must be an https URL (got "${value}")`);
}

/**
 * GETs every distinct URL (in parallel) and throws 400 naming the first one that did not answer exactly 200.
 * Redirects are not followed: GoTo wants 200 from the URL itself.
 */
export async function checkCallbacksAnswer(urls: string[], timeoutMs: number): Promise<void> {
  const distinct = [...new Set(urls)];
  const results = await Promise.all(
    distinct.map(async (u) => ({ url: u, result: await outboundRequest(new URL(u), { method: 'GET', timeoutMs }) })),
  );
  for (const { url, result } of results) {
    if (result.status !== 200) {
      const got = result.status !== undefined ? `answered ${result.status}` : `failed: ${result.error ?? 'no answer'}`;
      throw badRequest(`callbackUrl ${url} did not answer 200 to the validation GET (${got})`);
    }
  }
}
