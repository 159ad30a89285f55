/**
 * The few HTML pages the simulator serves (the OAuth consent page and its error pages): whole documents with no
 * external resource and no script, every value HTML-escaped, and headers that keep them out of caches and frames.
 */
import { createHash } from 'node:crypto';
import type { Reply } from './http-io';

/** Escapes text for HTML content and for attribute values in double or single quotes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}',
  'h1{font-size:1.3rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}',
  'label{display:block;margin:.3rem 0}code{word-break:break-all}',
  'button{font-size:1rem;padding:.4rem 1.2rem;margin-right:.5rem}',
].join('');
/** The one inline style, allowed by its hash: the CSP allows nothing else (no script, no other style, no image). */
const STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * The CSP source for where a form's answer redirects to: Chromium applies `form-action` to the redirect after the
 * POST too, so the redirect_uri's origin must be allowed next to 'self' or the browser stops at the consent page.
 * An origin with anything unusual in it falls back to its scheme, so a redirect_uri can never add a directive.
 */
export function formTargetSource(uri: string): string {
  const url = new URL(uri);
  return /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.:[\]-]+$/.test(url.origin) ? url.origin : url.protocol;
}

/**
 * A whole page. `formTargets`: CSP sources the page's form may post to (and be redirected to), besides 'self'; none:
 * the page has no form and may post nowhere.
 */
export function htmlPage(status: number, title: string, bodyHtml: string, formTargets?: string[]): Reply {
  const formAction = formTargets === undefined ? "'none'" : ["'self'", ...formTargets].join(' ');
  const html =
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n${bodyHtml}\n</main>\n</body>\n</html>\n`;
  return {
    status,
    html,
    headers: {
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'Content-Security-Policy': `default-src 'none'; style-src ${STYLE_SOURCE}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      // The page's URL carries the OAuth state: no Referer may take it elsewhere.
      'Referrer-Policy': 'no-referrer',
    },
  };
}
