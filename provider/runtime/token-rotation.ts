/**
 * GoTo answers a refresh with a new refresh token when the configured one is about to expire. The client keeps using
 * the new one for the rest of this process, but it cannot write the stack config or the environment, and must not
 * print a token: so the engine shows one warning (per connection) naming where the token was set and the `login`
 * command that replaces it.
 */
import { loginCommand } from './login-command';

export function rotationWarning(source: string, organizer: string | undefined): string {
  return (
    `gotowebinar: GoTo issued a new OAuth refresh token in place of the one configured in ${source}` +
    `${organizer === undefined ? '' : ` (organizer ${organizer})`}, which is about to expire or, if GoTo revoked ` +
    'it, no longer works. This run uses the new one, but the provider cannot change your configuration (and never ' +
    `prints tokens): before the next run, sign in again with ${loginCommand(organizer, source)}.`
  );
}
