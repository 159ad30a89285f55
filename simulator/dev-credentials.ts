/**
 * Credentials the simulator uses when `startSimulator` is given no clients/users. They are public on purpose: the
 * simulator only listens on loopback and these exist so that a developer (or the CLI's example curl commands) can
 * call it without any OAuth dance. Keys look like GoTo's 64-bit integers (> 2^53) so that clients which parse them
 * as JS numbers are caught.
 */
import type { SimClient, SimUser } from './types';

export const DEV_CLIENT: SimClient = {
  clientId: 'dev-client',
  clientSecret: 'dev-client-secret',
};

export const DEV_USERS: SimUser[] = [
  {
    userKey: '8250000000000000101',
    accountKey: '8250000000000000900',
    email: 'alice@example.com',
    firstName: 'Alice',
    lastName: 'Organizer',
    clientId: DEV_CLIENT.clientId,
    accessToken: 'dev-token-alice',
    refreshToken: 'dev-refresh-alice',
    personalAccessToken: 'dev-pat-alice',
  },
  {
    userKey: '8250000000000000202',
    accountKey: '8250000000000000900',
    email: 'bob@example.com',
    firstName: 'Bob',
    lastName: 'Organizer',
    clientId: DEV_CLIENT.clientId,
    accessToken: 'dev-token-bob',
    refreshToken: 'dev-refresh-bob',
    personalAccessToken: 'dev-pat-bob',
  },
];
