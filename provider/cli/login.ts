/**
 * `pulumi-gotowebinar login`: gets a GoTo user's refresh token through the browser and stores it where the stack
 * reads it, so that nobody runs GoTo's OAuth flow by hand with curl.
 *
 * The authorization-code flow of a native app (RFC 8252): GoTo's sign-in page sends the browser back to a loopback
 * server of this command (loopback-redirect.ts) with a code, which is exchanged once (the client's
 * exchangeAuthorizationCode) for a refresh token. A random `state` ties the answer to this sign-in: an answer with
 * another state (an old tab, another site) is refused. The OAuth client and GoTo's URLs are read as the provider
 * reads them (login-settings.ts), and the token is stored as a secret in the stack's config through the user's own
 * Pulumi CLI, value on stdin (pulumi-cli.ts), or printed as the variable to export with --print-env.
 *
 * No token is ever printed unless asked (--print-env, --show-token). Every way it fails stores nothing and says why,
 * in the terminal and on the page the browser lands on.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { authorizationRequestUrl, exchangeAuthorizationCode, type AuthorizationCodeGrant, type AuthorizedUser } from '../api';
import { organizerEnvPrefix } from '../rules';
import type { ConfigSource } from '../runtime/settings';
import { messageOf, type CommandIO } from './command';
import { loginSettings, type LoginSettings } from './login-settings';
import { LoopbackRedirect, type RedirectRequest } from './loopback-redirect';
import { openBrowser } from './open-browser';
import { oneLine, whoIs } from './who';
import { readStackConfig, setStackSecret, stackName, type PulumiOptions } from './pulumi-cli';

export interface LoginOptions {
  stack?: string;
  /** The credentials profile to sign in for; the default account when absent. */
  organizer?: string;
  /** 0: a free port. */
  port: number;
  browser: boolean;
  printEnv: boolean;
  showToken: boolean;
  timeoutSeconds: number;
}

/** The sign-in did not give a token, or it could not be stored: the message says why, and that nothing was stored. */
export class LoginFailed extends Error {
  override readonly name = 'LoginFailed';
}

/** Where the refresh token goes: a secret of the stack's config, or a line to export. */
type Destination = { kind: 'config'; key: string; stack: string } | { kind: 'env'; variable: string };

export async function login(o: LoginOptions, io: CommandIO): Promise<number> {
  const pulumi: PulumiOptions = { env: io.env, stack: o.stack };
  const stack = await stackConfig(o, pulumi, io);
  const settings = loginSettings(stack?.config, io.env, o.organizer);
  const destination = destinationOf(o, stack?.name);

  const server = await LoopbackRedirect.listen(o.port);
  try {
    const state = randomBytes(32).toString('base64url');
    // Listening for the answer before the URL is shown: a fast browser cannot come back to nobody.
    const answer = server.next(o.timeoutSeconds * 1000);
    const url = authorizationRequestUrl(settings.authorizeUrl, { clientId: settings.clientId, redirectUri: server.redirectUri, state });
    io.err.write(
      `${intro(destination)}\nOpen this URL in a browser and sign in as the GoTo user whose token the stack should use:\n` +
        // On a line of its own, so that a terminal makes it a link and it can be copied to another machine's browser.
        `${url}\n`,
    );
    const cannotOpen = (why: string) => io.err.write(`(The browser could not be opened: ${why}. Open the URL above yourself.)\n`);
    const opened = o.browser ? openBrowser(url, io.env, cannotOpen) : undefined;
    io.err.write(
      `${opened ? `(Opened with ${opened}.) ` : ''}Waiting up to ${o.timeoutSeconds} s for the sign-in to come back to ${server.redirectUri} …\n`,
    );
    const request = await answer;
    if (!request) throw new LoginFailed(timeoutMessage(o.timeoutSeconds, server, settings));
    const grant = await signedIn(request, state, server.redirectUri, settings);
    io.err.write(`Signed in to GoTo as ${whoIs(grant.user) ?? 'a user GoTo did not name (its answer carried no principal nor organizer key)'}.\n`);
    await deliver(grant, destination, request, pulumi, o, io);
    notes(settings, o, io);
    return 0;
  } finally {
    await server.close();
  }
}

/** The keys and variables the provider reads a refresh token from (settings.ts). */
function destinationOf(o: LoginOptions, stack: string | undefined): Destination {
  if (o.printEnv) {
    return { kind: 'env', variable: o.organizer === undefined ? 'GOTOWEBINAR_REFRESH_TOKEN' : `${organizerEnvPrefix(o.organizer)}_REFRESH_TOKEN` };
  }
  const key = o.organizer === undefined ? 'gotowebinar:refreshToken' : `gotowebinar:organizers.${o.organizer}.refreshToken`;
  return { kind: 'config', key, stack: stack! };
}

function intro(to: Destination): string {
  return to.kind === 'config'
    ? `Signing in to GoTo for stack ${to.stack}: the refresh token will be stored as a secret in ${to.key}.`
    : `Signing in to GoTo: the refresh token will be printed as ${to.variable} (nothing is stored).`;
}

/**
 * The stack's config and name. With --print-env nothing is stored, so a folder without a Pulumi project (or no
 * Pulumi CLI) is no obstacle: the OAuth client then comes from the environment alone.
 */
async function stackConfig(o: LoginOptions, pulumi: PulumiOptions, io: CommandIO): Promise<{ config: ConfigSource; name: string } | undefined> {
  try {
    const [config, name] = await Promise.all([readStackConfig(pulumi), stackName(pulumi)]);
    return { config, name };
  } catch (err) {
    const why = messageOf(err);
    if (o.printEnv && o.stack === undefined) {
      io.err.write(`(No stack config read, the environment alone gives the OAuth client: ${why})\n`);
      return undefined;
    }
    throw new LoginFailed(
      `Could not read the stack's config (where the OAuth client is set and the token goes): ${why} Run login in the ` +
        "Pulumi project's folder with a stack selected, pass --stack, or use --print-env to store nothing.",
    );
  }
}

/** Checks the answer the browser brought back and exchanges its code; a refusal answers the browser and throws. */
async function signedIn(request: RedirectRequest, state: string, redirectUri: string, s: LoginSettings): Promise<AuthorizationCodeGrant> {
  const q = request.query;
  const refuse = (title: string, message: string): LoginFailed => {
    request.reply({ ok: false, title, lines: [message] });
    return new LoginFailed(message);
  };
  if (!sameState(q.get('state'), state)) {
    throw refuse(
      'Not this sign-in',
      "The answer that came back carries another state than this login's, so it is not the answer to the sign-in " +
        'this command started (an old browser tab, or another site). Nothing was stored: run login again.',
    );
  }
  const error = q.get('error');
  if (error === 'access_denied') {
    throw refuse('Access denied', 'The consent was denied on GoTo\'s page (Deny). Nothing was stored: run login again and choose Allow.');
  }
  if (error) {
    const description = q.get('error_description');
    throw refuse(
      'Sign-in failed',
      `GoTo's sign-in answered ${oneLine(error)}${description ? `: ${oneLine(description)}` : ''}. Nothing was stored: ` +
        `check the OAuth client "${s.clientId}" in GoTo's developer center, then run login again.`,
    );
  }
  const code = q.get('code');
  if (!code) {
    throw refuse('No code', 'The answer that came back carries no authorization code. Nothing was stored: run login again.');
  }
  try {
    return await exchangeAuthorizationCode({
      authUrl: s.authUrl,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      code,
      redirectUri,
      names: s.names,
    });
  } catch (err) {
    throw refuse('Sign-in failed', `${messageOf(err)} Nothing was stored.`);
  }
}

/** Stores the token (or prints it, as asked), then tells the browser and the terminal where it went. */
async function deliver(grant: AuthorizationCodeGrant, to: Destination, request: RedirectRequest, pulumi: PulumiOptions, o: LoginOptions, io: CommandIO): Promise<void> {
  const who = whoIs(grant.user) ?? 'a user GoTo did not name (its answer carried no principal nor organizer key)';
  if (to.kind === 'env') {
    request.reply({ ok: true, title: 'Signed in', lines: [`Signed in to GoTo as ${who}.`, `The terminal prints ${to.variable}; nothing was stored.`] });
    io.out.write(`export ${to.variable}=${shellQuote(grant.refreshToken)}\n`);
    io.err.write(`Printed ${to.variable} (with GOTOWEBINAR_CLIENT_ID and GOTOWEBINAR_CLIENT_SECRET of the same OAuth client, the provider uses it).\n`);
    return;
  }
  try {
    await setStackSecret(to.key, grant.refreshToken, pulumi);
  } catch (err) {
    const message = `Signed in as ${who}, but the token could not be stored: ${messageOf(err)} Nothing was stored: run login again.`;
    request.reply({ ok: false, title: 'Not stored', lines: [message] });
    throw new LoginFailed(message);
  }
  request.reply({ ok: true, title: 'Signed in', lines: [`Signed in to GoTo as ${who}.`, `The refresh token is stored as a secret in stack ${to.stack}'s config.`] });
  io.err.write(`Stored the refresh token as a secret in stack ${to.stack}'s config: ${to.key}.\n`);
  if (o.showToken) io.out.write(`${grant.refreshToken}\n`);
}

/** What else decides which credentials the stack uses, once the token is in place. */
function notes(s: LoginSettings, o: LoginOptions, io: CommandIO): void {
  if (s.usedFirst) {
    io.err.write(
      `Note: ${s.usedFirst.source} is set as well, and the provider prefers that ${s.usedFirst.grant} to a refresh ` +
        'token: remove it for the new refresh token to be used.\n',
    );
  }
  if (s.actingOrganizer !== undefined && o.organizer === undefined) {
    io.err.write(
      `Note: gotowebinar:organizer is ${oneLine(s.actingOrganizer)}, so resources that name no organizer use that profile, ` +
        `not the default account's token: to sign in for it, run login --organizer ${oneLine(s.actingOrganizer)}.\n`,
    );
  }
}

function timeoutMessage(seconds: number, server: LoopbackRedirect, s: LoginSettings): string {
  return (
    `No sign-in came back within ${seconds} s: nothing was stored. If GoTo's sign-in page refused the redirect ` +
    `(an error about redirect_uri, or no way back here), the OAuth client "${s.clientId}" does not have ` +
    `${server.redirectUri} among its redirect URIs: register exactly that URI on it in GoTo's developer center and ` +
    `run login again with --port ${server.port}. Otherwise run login again and finish the sign-in within the ` +
    'timeout (--timeout SECONDS).'
  );
}

/** `alice@example.com (Alice Organizer; organizer key 825…, account key 825…)`, from what the answer said. */

function sameState(got: string | null, expected: string): boolean {
  if (got === null) return false;
  const a = Buffer.from(got);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A value a POSIX shell takes as one word. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9._~+/=:@%-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
