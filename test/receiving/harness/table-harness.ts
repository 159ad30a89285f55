/**
 * The receiver every place of the delivery table runs (test/receiving/deliveries.ts): the Fetch handler of
 * `pulumi-gotowebinar/receiving/web`, set up with the table's options, recording what `onEvent` got. Loaded as is by
 * Deno and Bun, bundled for workerd, and imported by the Node tests (which build the other receivers with the same
 * TABLE_OPTIONS and recordingOnEvent), so it imports nothing but the package: no Node built-in, no relative import.
 *
 * `GET /__calls` answers the record. An event whose eventKey starts with "fail-once-" makes `onEvent` throw the
 * first time it is delivered (the table's "onEvent throws" row, then its redelivery).
 */
import {
  createWebhookFetchHandler,
  isKnownWebhookEvent,
  type WebhookDeliveryContext,
  type WebhookEvent,
} from 'pulumi-gotowebinar/receiving/web';

export const TABLE_SECRETS = ['table-secret-Qv7x2kLm', 'table-next-secret-M3x8wPz'];
/** The instant every table delivery is signed at (some rows shift it), and the receivers' clock: one second later. */
export const TABLE_T0 = '2026-11-27T15:52:13.123Z';
export const TABLE_NOW_MS = Date.parse(TABLE_T0) + 1000;
export const TABLE_MAX_BODY_BYTES = 4096;
export const CALLS_PATH = '/__calls';
export const FAIL_ONCE_PREFIX = 'fail-once-';

/** What one successful onEvent call saw, as the table compares it across places. */
export interface RecordedCall {
  eventName: string;
  eventKey: string | undefined;
  secretIndex: number;
  timestamp: string;
  rawBodyBytes: number;
  /** A 64-bit key of the event, to show it stayed exact: registrantKey, or webinarKey of an unknown event. */
  key: string | undefined;
}

/** The receiver options of the table, apart from onEvent (no onError: failures are expected, and not logged). */
export const TABLE_OPTIONS = {
  secrets: TABLE_SECRETS,
  now: TABLE_NOW_MS,
  toleranceSeconds: 300,
  maxBodyBytes: TABLE_MAX_BODY_BYTES,
  onError: () => undefined,
};

/** An onEvent that records each event into `calls`, and throws once for a "fail-once-" eventKey. */
export function recordingOnEvent(calls: RecordedCall[]): (event: WebhookEvent, context: WebhookDeliveryContext) => void {
  const failed = new Set<string>();
  return (event, context) => {
    const eventKey = event.eventKey;
    if (eventKey?.startsWith(FAIL_ONCE_PREFIX) && !failed.has(eventKey)) {
      failed.add(eventKey);
      throw new Error('the handler failed (on purpose, once)');
    }
    const key = isKnownWebhookEvent(event)
      ? (event as { registrantKey?: string }).registrantKey
      : (event.fields['webinarKey'] as string | undefined);
    calls.push({
      eventName: event.eventName,
      eventKey,
      secretIndex: context.secretIndex,
      timestamp: context.timestamp,
      rawBodyBytes: context.rawBody.byteLength,
      key,
    });
  };
}

/** The Fetch handler under test, and the record of its calls at CALLS_PATH. */
export function tableHarness(): (request: Request) => Promise<Response> {
  const calls: RecordedCall[] = [];
  const handle = createWebhookFetchHandler({ ...TABLE_OPTIONS, onEvent: recordingOnEvent(calls) });
  return async (request) => {
    if (new URL(request.url).pathname === CALLS_PATH) return Response.json(calls);
    return handle(request);
  };
}
