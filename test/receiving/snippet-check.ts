/**
 * What a docs snippet (test/receiving/snippets/, quoted in docs/receiving.md) must do wherever it runs: answer GoTo's
 * validation GET, hand a signed delivery (signed now: the snippets use the real clock) to its onEvent, which logs it,
 * skip the redelivery, and refuse a forged one.
 */
import { randomUUID } from 'node:crypto';
import { generateTestHeaders } from '../../provider/receiving';

export const SNIPPET_SECRET = 'snippet-secret-Zr4uY1';

/** Sends a request to the snippet: over HTTP (`fetch` to its URL), or straight into a route handler. */
export type SendToSnippet = (init: RequestInit & { method: 'GET' | 'POST' }) => Promise<Response>;

export const overHttp =
  (url: string): SendToSnippet =>
  (init) =>
    fetch(url, init);

export async function expectSnippetReceives(send: SendToSnippet | string, output: () => string): Promise<void> {
  const to = typeof send === 'string' ? overHttp(send) : send;
  expect((await to({ method: 'GET' })).status).toBe(200);

  const eventKey = randomUUID();
  const body = `{"eventName":"registrant.added","eventKey":"${eventKey}","registrantKey":8250000000000000123}`;
  const post = (text: string) =>
    to({ method: 'POST', body: text, headers: { 'content-type': 'application/json', ...generateTestHeaders({ secret: SNIPPET_SECRET, body }) } });

  const first = await post(body);
  expect([first.status, await first.json()]).toEqual([200, { ok: true }]);
  const again = await post(body);
  expect([again.status, await again.json()]).toEqual([200, { ok: true, duplicate: true }]);
  const forged = await post(body.replace('123', '124'));
  expect([forged.status, ((await forged.json()) as { error: string }).error]).toEqual([401, 'SIGNATURE_MISMATCH']);

  // onEvent logs `${event.eventName} ${event.eventKey}`, once.
  const line = `registrant.added ${eventKey}`;
  const deadline = Date.now() + 5000;
  while (!output().includes(line) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(output().split(line).length - 1).toBe(1);
}
