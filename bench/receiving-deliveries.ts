/**
 * The deliveries `npm run bench:receiving` sends: a registrant.added event padded to an exact size with registration
 * answers (64-bit question keys and text, as GoTo's `responses` are), so that parsing works on realistic tokens;
 * each with its own eventKey (redeliveries would take the cheaper duplicate path), signed as GoTo signs.
 */
import { generateTestHeaders } from 'pulumi-gotowebinar/receiving';

export const BENCH_SECRET = 'bench-secret-4TfW9qLx';

/** A UUID-shaped stand-in for the eventKey in a body template: every key of eventKeyOf has its length. */
const KEY_SLOT = '00000000-0000-4000-8000-000000000000';

/** Bodies of exactly `size` bytes, one per eventKey, made by filling the key into one template. */
export function bodiesOfSize(size: number): (eventKey: string) => string {
  const [before, after] = eventBody(KEY_SLOT, size).split(KEY_SLOT) as [string, string];
  return (eventKey) => before + eventKey + after;
}

/** A body of exactly `size` bytes for `eventKey` (a UUID-length key keeps the size the same for every key). */
function eventBody(eventKey: string, size: number): string {
  const head =
    `{"eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w","eventKey":"${eventKey}",` +
    `"timestamp":"2026-11-27T15:52:13.123Z","registrantKey":8250000000000000123,"webinarKey":8250000000000000456,` +
    '"webinarCreatorKey":9223372036854775807,"firstName":"Zoë","lastName":"Ångström","email":"zoe@example.com",' +
    '"status":"Approved","webinarTitle":"Quarterly review","experienceType":"CLASSIC","recurrenceType":"single_session",' +
    '"responses":[';
  const tail = ']}';
  const answers: string[] = [];
  let length = Buffer.byteLength(head) + Buffer.byteLength(tail);
  for (let i = 0; ; i++) {
    const answer = `${i ? ',' : ''}{"questionKey":${8250000000000001000 + i},"question":"Question ${i}?","answer":"Answer ${i}"}`;
    if (length + Buffer.byteLength(answer) > size) break;
    answers.push(answer);
    length += Buffer.byteLength(answer);
  }
  // Whitespace after the last answer makes up the exact size (JSON allows it).
  return head + answers.join('') + ' '.repeat(size - length) + tail;
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Signed deliveries of `size` bytes, one per eventKey, signed now. */
export function deliveriesOfSize(size: number): (eventKey: string) => SignedDelivery {
  const bodyOf = bodiesOfSize(size);
  return (eventKey) => {
    const body = bodyOf(eventKey);
    return { body, headers: { 'content-type': 'application/json', ...generateTestHeaders({ secret: BENCH_SECRET, body }) } };
  };
}

/** A UUID-shaped key of the same length for every index. */
export function eventKeyOf(run: string, index: number): string {
  return `${run.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${String(index).padStart(12, '0')}`;
}
