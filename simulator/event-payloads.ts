/**
 * Generated bodies of the five events: flat JSON objects, as GoTo documents its event payloads (event name and
 * version, an eventKey, the webinar's and registrant's keys and fields at the top level). survey.submitted has no
 * published payload; its shape here (webinar/registrant/survey keys, submissionDate, responses[]) is a plausible
 * invention. Keys are decimal strings; int64-json writes them as bare 64-bit literals.
 */
import type { EventName, SimUser } from './types';
import { newInt64Key, newUuid } from './ids';

/** Values shared by all deliveries of one fired event (it is about one webinar, one registrant, …). */
export interface EventSubject {
  timestamp: string;
  webinarKey: string;
  registrantKey: string;
  sessionKey: string;
  recurrenceKey: string;
  surveyKey: string;
  questionKeys: [string, string];
}

export function newEventSubject(timestamp: string): EventSubject {
  return {
    timestamp,
    webinarKey: newInt64Key(),
    registrantKey: newInt64Key(),
    sessionKey: newInt64Key(),
    recurrenceKey: newInt64Key(),
    surveyKey: newInt64Key(),
    questionKeys: [newInt64Key(), newInt64Key()],
  };
}

const REGISTRANT = { firstName: 'Jordan', lastName: 'Registrant', email: 'jordan.registrant@example.com' };
const WEBINAR_TITLE = 'Simulated webinar';

/** Next week, on the hour, one hour long: plausible times for a scheduled webinar. */
function webinarTimes(timestamp: string): { startTime: string; endTime: string }[] {
  const start = new Date(Date.parse(timestamp) + 7 * 24 * 3600_000);
  start.setUTCMinutes(0, 0, 0);
  const end = new Date(start.getTime() + 3600_000);
  return [{ startTime: start.toISOString(), endTime: end.toISOString() }];
}

/**
 * The event as delivered to one subscriber. Per delivery: a fresh eventKey (each delivery is its own message, so a
 * receiver deduplicating on eventKey keeps deliveries to different subscriptions apart) and the organizer fields
 * (organizerKey, webinarCreatorKey, accountKey) of the subscribing user, whose webinar it is.
 */
export function eventFields(eventName: EventName, subject: EventSubject, subscriber: SimUser | undefined): Record<string, unknown> {
  const organizerKey = subscriber?.userKey ?? newInt64Key();
  const accountKey = subscriber?.accountKey ?? newInt64Key();
  const head = {
    eventName,
    eventVersion: '1.0.0',
    product: 'g2w',
    eventKey: newUuid(),
    timestamp: subject.timestamp,
  };
  switch (eventName) {
    case 'registrant.added':
      return {
        ...head,
        ...REGISTRANT,
        registrationDate: subject.timestamp,
        status: 'Approved',
        webinarKey: subject.webinarKey,
        webinarTitle: WEBINAR_TITLE,
        experienceType: 'CLASSIC',
        recurrenceType: 'single_session',
        webinarCreatorKey: organizerKey,
        registrationSource: 'registration_page',
        joinUrl: `https://global.gotowebinar.com/join/${subject.webinarKey}/${subject.registrantKey}`,
        registrantKey: subject.registrantKey,
        responses: [{ question: 'Company', answer: 'Example Corp' }],
      };
    case 'registrant.joined':
      return {
        ...head,
        ...REGISTRANT,
        webinarKey: subject.webinarKey,
        sessionKey: subject.sessionKey,
        webinarTitle: WEBINAR_TITLE,
        registrantKey: subject.registrantKey,
        joinTime: subject.timestamp,
        experienceType: 'CLASSIC',
        webinarCreatorKey: organizerKey,
      };
    case 'webinar.created':
    case 'webinar.changed':
      return {
        ...head,
        accountKey,
        organizerKey,
        webinarKey: subject.webinarKey,
        webinarTitle: WEBINAR_TITLE,
        description: 'A webinar created in the GoToWebinar simulator',
        experienceType: 'CLASSIC',
        recurrenceType: 'single_session',
        recurrenceKey: subject.recurrenceKey,
        webinarCreationDate: subject.timestamp,
        // webinar.changed covers updates and deletions (status DELETED); override `status` to simulate a delete.
        status: eventName === 'webinar.created' ? 'NEW' : 'UPDATED',
        times: webinarTimes(subject.timestamp),
        timeZone: 'America/New_York',
      };
    case 'survey.submitted':
      return {
        ...head,
        ...REGISTRANT,
        webinarKey: subject.webinarKey,
        webinarTitle: WEBINAR_TITLE,
        sessionKey: subject.sessionKey,
        registrantKey: subject.registrantKey,
        webinarCreatorKey: organizerKey,
        surveyKey: subject.surveyKey,
        submissionDate: subject.timestamp,
        responses: [
          { questionKey: subject.questionKeys[0], question: 'How useful was this webinar?', answer: '5' },
          { questionKey: subject.questionKeys[1], question: 'Any comments?', answer: 'Great session' },
        ],
      };
  }
}
