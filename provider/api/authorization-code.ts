/**
 * The authorization-code grant, the client's half: where a browser is sent to sign in (`authorizeUrlOf`), and the
 * one exchange of the code GoTo hands back for a refresh token and the identity of the user who signed in
 * (`exchangeAuthorizationCode`). Who runs the browser and stores the token is the caller's business (the package's
 * `login` command); this knows nothing of Pulumi.
 *
 * GoTo documents the token answer only in part (`access_token`, `refresh_token`, `expires_in`, `principal`; older
 * answers also `organizer_key`, `account_key`, `email`, names): every identity field is optional.
 */
import { errorFields, NetworkFailure, parseJsonObject, send } from './http';
import { tokenEndpointError, unreadableAnswerError, type FailedOutcome, type GoToApiError } from './errors';
import { Redactor } from './redact';
import { CLIENT_OPTION_NAMES, type SettingNames } from './setting-names';
import { authorizedUserOf, type AuthorizedUser } from './token-answer';
import { originOf } from './token-source';

export interface AuthorizationCodeExchange {
  /** The token endpoint, e.g. https://authentication.logmeininc.com/oauth/token. */
  authUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  /** The redirect_uri the code was issued for: GoTo checks that it is the same. */
  redirectUri: string;
  /** Default 30 s. */
  timeoutMs?: number;
  /** What messages call the settings (default: the client's option names). */
  names?: SettingNames;
}

export interface AuthorizationCodeGrant {
  refreshToken: string;
  user: AuthorizedUser;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Where to send the browser: `configured` when set, else the token URL's sibling (`…/oauth/token` →
 * `…/oauth/authorize`), which is how GoTo lays out both its current and its retired host.
 */
export function authorizeUrlOf(tokenUrl: string, configured?: string): string {
  if (configured) return new URL(configured).toString();
  const url = new URL('authorize', tokenUrl);
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** The URL the browser opens: GoTo's sign-in and consent, which ends in a redirect to `redirectUri`. */
export function authorizationRequestUrl(authorizeUrl: string, p: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(authorizeUrl);
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('state', p.state);
  return url.toString();
}

/**
 * Exchanges a code, once: a code works a single time, so a lost answer cannot be retried (the second try would be
 * refused), and nothing here repeats the request. Failures are GoToApiErrors with no code, secret or token in them.
 */
export async function exchangeAuthorizationCode(x: AuthorizationCodeExchange): Promise<AuthorizationCodeGrant> {
  const names = x.names ?? CLIENT_OPTION_NAMES;
  const redactor = new Redactor([x.clientSecret, x.code]);
  const fail = (outcome: FailedOutcome) => codeExchangeError(outcome, x, names, redactor);
  const basic = Buffer.from(`${x.clientId}:${x.clientSecret}`).toString('base64');
  let answer;
  try {
    answer = await send({
      method: 'POST',
      url: x.authUrl,
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: 'authorization_code', code: x.code, redirect_uri: x.redirectUri },
      timeoutMs: x.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  } catch (err) {
    if (!(err instanceof NetworkFailure)) throw err;
    throw fail({ kind: 'network', errorCode: err.errorCode, errorMessage: err.message });
  }
  if (answer.status !== 200) {
    const { code, msg } = errorFields(answer.text);
    throw fail({ kind: 'status', status: answer.status, gotoCode: code, gotoMessage: msg });
  }
  // Not JSON, or not an object: no refresh token in it, refused below.
  const body = parseJsonObject(answer.text) ?? {};
  const refreshToken = typeof body.refresh_token === 'string' ? body.refresh_token.trim() : '';
  if (!refreshToken) {
    throw unreadableAnswerError(
      `The OAuth token endpoint ${originOf(x.authUrl)} exchanged the code but answered no refresh_token. Check ` +
        `${names.authUrl} (it must be GoTo's token endpoint) and that the OAuth client "${x.clientId}" may use refresh tokens.`,
      { operation: OPERATION, status: answer.status },
    );
  }
  return { refreshToken, user: authorizedUserOf(body, answer.text) };
}

const OPERATION = 'oauthAuthorizationCode';

/** The code, its advice and the scrubbing are tokenEndpointError's, as for every token endpoint failure. */
function codeExchangeError(outcome: FailedOutcome, x: AuthorizationCodeExchange, names: SettingNames, redactor: Redactor): GoToApiError {
  return tokenEndpointError(
    outcome,
    { grant: 'authorization_code', source: 'the sign-in', attempts: 1, authOrigin: originOf(x.authUrl) },
    (t) => redactor.scrub(t),
    names,
  );
}
