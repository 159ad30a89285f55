/**
 * `pulumi-gotowebinar/receiving/web`: the receiving side for runtimes with the Fetch API and Web Crypto and no Node
 * built-ins (Cloudflare Workers without the Node compatibility flag, Vercel's edge runtime), and for Deno and Bun.
 * Nothing this entry loads imports a `node:` module (test/receiving/web-entry.test.ts follows the compiled files) or
 * uses a Node global such as `Buffer` (test/receiving/workerd.test.ts runs it in workerd, which has none): the
 * signature is checked with Web Crypto. The same names as `pulumi-gotowebinar/receiving`, less
 * those that need Node (createWebhookReceiver, createWebhookLambdaHandler, the synchronous verifyWebhookSignature,
 * generateTestHeaders); createWebhookFetchHandler answers exactly what the Node one answers.
 */
export * from './common-exports';
export type { RawBody } from './body-bytes';
export type { VerifyWebhookSignatureOptions, WebhookVerificationResult } from './verify-input';
export { createWebhookFetchHandler } from './fetch-handler-web';
