/**
 * The GoToWebinar events delivered to a callback URL. The five this package knows form a union discriminated on
 * `eventName`: after `if (event.eventName === 'registrant.joined')` TypeScript knows the event has `sessionKey` and
 * `joinTime`. Any other event name is an `UnknownWebhookEvent`: GoTo adds events (survey.submitted came later), and
 * an authentic delivery of a newer type is handed over (and answered 200) rather than refused.
 *
 * Sources: GoTo's event descriptions, as recorded in the API notes this project was built from ("Event payloads";
 * they are not part of this repository). GoTo publishes the field lists in prose only, without a schema, so only the
 * fields named there are typed; fields marked optional are ones GoTo documents loosely (or, for
 * survey.submitted, not at all). Events may carry more fields than typed here; they are kept at run time.
 *
 * Every `…Key` is a 64-bit integer on the wire and a decimal string here (see exact-json.ts): compare and store
 * keys as strings, never convert them with Number(). That holds for unknown events' fields too.
 */
import type { EventName } from '../api/types';
import type { JsonValue } from './exact-json';

/** The five event names this package knows (the same list the management API accepts for webhooks). */
export type WebhookEventName = EventName;

/** Fields every event has. */
export interface WebhookEventBase<Name extends WebhookEventName> {
  eventName: Name;
  /** "1.0.0" */
  eventVersion: string;
  /** "g2w" */
  product: string;
  /** A UUID, the same on every delivery attempt of one event: what deduplication keys on. */
  eventKey: string;
  /** When the event happened (ISO 8601). */
  timestamp: string;
}

/** One answer to a registration (or survey) question. */
export interface RegistrantResponse {
  questionKey?: string;
  question?: string;
  answer?: string;
}

/** A webinar session's planned start and end (ISO 8601). */
export interface WebinarTime {
  startTime: string;
  endTime: string;
}

export interface RegistrantAddedEvent extends WebhookEventBase<'registrant.added'> {
  registrantKey: string;
  webinarKey: string;
  webinarCreatorKey: string;
  firstName: string;
  lastName: string;
  email: string;
  registrationDate: string;
  /** Waiting, Approved, Cancelled or Denied (GoTo's spelling of the case is not documented exactly). */
  status: string;
  webinarTitle: string;
  experienceType: string;
  recurrenceType: string;
  registrationSource?: string;
  /** Present only when the registrant is approved. */
  joinUrl?: string;
  responses?: RegistrantResponse[];
}

export interface RegistrantJoinedEvent extends WebhookEventBase<'registrant.joined'> {
  registrantKey: string;
  webinarKey: string;
  sessionKey: string;
  firstName: string;
  lastName: string;
  email: string;
  webinarTitle: string;
  joinTime: string;
  experienceType?: string;
  webinarCreatorKey?: string;
}

/** Fields shared by webinar.created and webinar.changed. */
export interface WebinarEventFields {
  accountKey: string;
  organizerKey: string;
  webinarKey: string;
  recurrenceKey?: string;
  webinarTitle: string;
  description?: string;
  experienceType: string;
  recurrenceType: string;
  webinarCreationDate: string;
  times: WebinarTime[];
  timeZone: string;
}

export interface WebinarCreatedEvent extends WebhookEventBase<'webinar.created'>, WebinarEventFields {
  /** Always NEW. */
  status: string;
}

export interface WebinarChangedEvent extends WebhookEventBase<'webinar.changed'>, WebinarEventFields {
  /** UPDATED, or DELETED: there is no separate delete event. */
  status: string;
}

/**
 * Published only in GoTo's spec's list of event names; its payload is undocumented, hence all optional. The fields
 * are those the project's simulator sends (its own plausible guess).
 */
export interface SurveySubmittedEvent extends WebhookEventBase<'survey.submitted'> {
  webinarKey?: string;
  sessionKey?: string;
  registrantKey?: string;
  webinarCreatorKey?: string;
  surveyKey?: string;
  submissionDate?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  webinarTitle?: string;
  responses?: RegistrantResponse[];
}

/** One of the five events this package knows, discriminated on `eventName`. */
export type KnownWebhookEvent =
  | RegistrantAddedEvent
  | RegistrantJoinedEvent
  | WebinarCreatedEvent
  | WebinarChangedEvent
  | SurveySubmittedEvent;

/**
 * An authentic event whose `eventName` is none of the five this package knows (an event type GoTo added later).
 * Tell it apart with `isKnownWebhookEvent(event)`: a `switch (event.eventName)` cannot, since a `string` name
 * matches every `case` for TypeScript.
 */
export interface UnknownWebhookEvent {
  /** The name as delivered, e.g. "webinar.ended". */
  eventName: string;
  known: false;
  /** The common fields, when the event has them as strings (GoTo's events all do): `eventKey` is what deduplication keys on. */
  eventKey?: string;
  eventVersion?: string;
  product?: string;
  timestamp?: string;
  /** Every field as delivered, `eventName` included, with every `…Key` and every integer beyond 2^53 as an exact decimal string. */
  fields: { [name: string]: JsonValue };
}

/** What a delivery carries: one of the five known events, or an event type this package does not know yet. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** The event type for one event name, e.g. `WebhookEventOf<'registrant.joined'>`. */
export type WebhookEventOf<Name extends WebhookEventName> = Extract<KnownWebhookEvent, { eventName: Name }>;
