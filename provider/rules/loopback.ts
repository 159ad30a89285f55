/**
 * The hosts on which a callback URL may be plain http: only this machine reaches them, so no delivery crosses a
 * network in clear. GoTo itself calls https URLs only; the simulator and local receivers listen on these.
 */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a URL's `hostname` (as `new URL(…).hostname` gives it, IPv6 in brackets) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}
