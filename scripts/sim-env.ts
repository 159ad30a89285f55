/**
 * The environment a stack needs to run against the simulator, built from its dev users: the API and OAuth URLs,
 * the default account (an access token: the first user's), the OAuth client, and one organizer profile per name
 * (`GOTOWEBINAR_ORGANIZER_<NAME>_REFRESH_TOKEN`), each name matched to the simulator user of that name (alice, bob).
 * Every GOTOWEBINAR_* variable of the calling process is removed, so nothing of a real account leaks in.
 */
import type { RunningSimulator } from '../simulator';

export function organizerEnvName(name: string): string {
  return `GOTOWEBINAR_ORGANIZER_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** The simulator user standing in for an organizer profile: by the local part of the email (alice, bob). */
export function simUserFor(sim: RunningSimulator, organizer: string) {
  const user = sim.users.find((u) => u.email.split('@')[0] === organizer.toLowerCase());
  if (!user) {
    throw new Error(`organizer "${organizer}" is not a simulator user (${sim.users.map((u) => u.email.split('@')[0]).join(', ')})`);
  }
  return user;
}

export function simulatorEnv(
  sim: RunningSimulator,
  organizers: Iterable<string> = [],
  map: (organizer: string) => string = (o) => o,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const k of Object.keys(process.env)) if (k.startsWith('GOTOWEBINAR_')) env[k] = undefined;
  env.GOTOWEBINAR_API_URL = sim.apiUrl;
  env.GOTOWEBINAR_AUTH_URL = sim.authUrl;
  env.GOTOWEBINAR_ACCESS_TOKEN = sim.users[0].accessToken;
  env.GOTOWEBINAR_CLIENT_ID = sim.clients[0].clientId;
  env.GOTOWEBINAR_CLIENT_SECRET = sim.clients[0].clientSecret;
  for (const organizer of organizers) {
    env[`${organizerEnvName(organizer)}_REFRESH_TOKEN`] = simUserFor(sim, map(organizer)).refreshToken;
  }
  return env;
}
