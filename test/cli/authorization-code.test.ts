/**
 * The client's half of `login` (provider/api/authorization-code.ts) against token endpoints that answer what the
 * simulator does not: GoTo's keys as JSON numbers above 2^53, an answer without a refresh token, a refused client,
 * no answer at all. No error carries the code, the client secret or a token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeAuthorizationCode, GoToApiError } from '../../provider/api';
import { expectNoSecrets, rejectionOf } from '../support/no-secrets';
import { freePort } from './login-driver';

const SECRET = 'client-secret-value';
const CODE = 'the-authorization-code';

let server: Server;
let answer: { status: number; body: string };
let received: { authorization?: string; form: URLSearchParams }[] = [];
let authUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, form: new URLSearchParams(body) });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});
beforeEach(() => {
  received = [];
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const exchange = (url = authUrl) =>
  exchangeAuthorizationCode({ authUrl: url, clientId: 'my-client', clientSecret: SECRET, code: CODE, redirectUri: 'http://127.0.0.1:8765/callback' });

test('sends the code once with Basic client authentication, and reads 64-bit keys sent as JSON numbers exactly', async () => {
  answer = {
    status: 200,
    body: '{"access_token":"at-value","refresh_token":"rt-value","expires_in":3600,"principal":"ann@example.com","organizer_key":8250000000000000101,"account_key":"8250000000000000900","firstName":"Ann","lastName":"Lee"}',
  };
  await expect(exchange()).resolves.toEqual({
    refreshToken: 'rt-value',
    user: { principal: 'ann@example.com', organizerKey: '8250000000000000101', accountKey: '8250000000000000900', firstName: 'Ann', lastName: 'Lee' },
  });
  expect(received).toHaveLength(1);
  expect(received[0]!.authorization).toBe(`Basic ${Buffer.from(`my-client:${SECRET}`).toString('base64')}`);
  expect(Object.fromEntries(received[0]!.form)).toEqual({
    grant_type: 'authorization_code',
    code: CODE,
    redirect_uri: 'http://127.0.0.1:8765/callback',
  });
});

test('an answer without a refresh token is an error (ERR_GOTO_RESPONSE), with no token in it', async () => {
  answer = { status: 200, body: '{"access_token":"at-value","expires_in":3600}' };
  const err = await rejectionOf(() => exchange());
  expect(err).toBeInstanceOf(GoToApiError);
  expect(err).toMatchObject({ code: 'ERR_GOTO_RESPONSE', operation: 'oauthAuthorizationCode' });
  expect((err as Error).message).toContain('answered no refresh_token');
  expectNoSecrets(err, [SECRET, CODE, 'at-value']);
});

test('a refused client names the client settings; GoTo echoing the code and secret does not leak them', async () => {
  answer = { status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: `bad ${SECRET} for ${CODE}` }) };
  const err = await rejectionOf(() => exchange());
  expect(err).toMatchObject({ code: 'ERR_GOTO_OAUTH', status: 401, gotoCode: 'invalid_client' });
  expect((err as Error).message).toContain('The token endpoint refused the OAuth client: check credentials.clientId and credentials.clientSecret.');
  expectNoSecrets(err, [SECRET, CODE]);
});

test('no answer: ERR_GOTO_NETWORK, sent once (a code works once: no retry)', async () => {
  const closed = `http://127.0.0.1:${await freePort()}/oauth/token`;
  const err = await rejectionOf(() => exchange(closed));
  expect(err).toMatchObject({ code: 'ERR_GOTO_NETWORK', attempts: 1 });
  expectNoSecrets(err, [SECRET, CODE]);
});
