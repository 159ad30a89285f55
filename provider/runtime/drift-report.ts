/**
 * Says WHAT drifted when a diff finds the live GoTo object differing from the program: the property, the live value
 * and the declared value. A dynamic provider cannot return a detailed diff (the engine drops it), so the text goes
 * out as an engine warning, which a plain `pulumi preview` prints under Diagnostics and the Automation API reports
 * as a diagnostic event (the runtime sends it, once per run). The provider is not told the resource's name: the
 * text names the object by kind and key.
 *
 * Callback URLs can carry secrets (the root stack puts a random token in the path; a URL can hold credentials or a
 * query string): they are shown with user info and query removed and every long token-like path segment masked.
 */
export interface DriftItem {
  property: string;
  live: unknown;
  declared: unknown;
}

/** Path segments of 16+ letters, digits, `-` or `_` are masked: random tokens, ids and keys look like that. */
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{16,}$/;

export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '<not a URL>';
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(decodeURIComponent(segment)) ? '***' : segment))
    .join('/');
  return `${url.protocol}//${url.host}${path}${url.search ? '?***' : ''}`;
}

function show(property: string, value: unknown): string {
  if (value === undefined || value === null) return 'unset';
  if (typeof value === 'string' && /url$/i.test(property)) return JSON.stringify(maskUrl(value));
  return JSON.stringify(value);
}

export function describeDrift(what: string, items: DriftItem[]): string {
  const parts = items.map((d) => {
    const live = show(d.property, d.live);
    const declared = show(d.property, d.declared);
    const hidden = live === declared ? ' (they differ in a masked part)' : '';
    return `${d.property} is ${live} at GoTo, declared ${declared}${hidden}`;
  });
  return `${what} drifted: ${parts.join('; ')}`;
}

/** The warning for a diff that found the live object differing (nothing when `items` is empty). */
export function driftWarning(what: string, items: DriftItem[], consequence: string): string | undefined {
  return items.length ? `gotowebinar: ${describeDrift(what, items)}. ${consequence}` : undefined;
}

export function goneWarning(what: string): string {
  return `gotowebinar: ${what} no longer exists at GoTo (deleted outside Pulumi). \`pulumi up\` creates it again.`;
}
