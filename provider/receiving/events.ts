/**
 * The GoToWebinar events delivered to a callback URL, as a union discriminated on `eventName`: after
 * `if (event.eventName === 'registrant.joined')` TypeScript knows the event has `sessionKey` and `joinTime`.
 *
 * Sources: shared/api/NOTES.md ("Event payloads"). GoTo publishes the field lists in prose only, without a schema,
 * so only the fields named there are typed; fields marked optional are ones GoTo documents loosely (or, for
 * survey.submitted, not at all). Events may carry more fields than typed here; they are kept at run time.
 *
 * Every `…Key` is a 64-bit integer on the wire and a decimal string here (see exact-json.ts): compare and store
 * keys as strings, never convert them with Number().
 */
import type { EventName } from '../api/types';

/** The five event names (the same list the management API accepts for webhooks). */
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

export type WebhookEvent =
  | RegistrantAddedEvent
  | RegistrantJoinedEvent
  | WebinarCreatedEvent
  | WebinarChangedEvent
  | SurveySubmittedEvent;

/** The event type for one event name, e.g. `WebhookEventOf<'registrant.joined'>`. */
export type WebhookEventOf<Name extends WebhookEventName> = Extract<WebhookEvent, { eventName: Name }>;
