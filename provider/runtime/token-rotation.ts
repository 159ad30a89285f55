/**
 * GoTo answers a refresh with a new refresh token when the configured one is about to expire. The client keeps using
 * the new one for the rest of this process, but it cannot write the stack config or the environment, and must not
 * print a token: so the engine shows one warning (per connection) naming where the token was set.
 */
export function rotationWarning(source: string): string {
  return (
    `gotowebinar: GoTo issued a new OAuth refresh token in place of the one configured in ${source}, which is about ` +
    'to expire. This run uses the new one, but the provider cannot change your configuration (and never prints ' +
    `tokens): obtain a new refresh token with the authorization-code flow and set it in ${source} ` +
    '(`pulumi config set --secret …` for a config key) before the configured one stops working.'
  );
}
