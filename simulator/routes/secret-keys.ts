/**
 * POST /webhooks/secretkey: a new secret key for the caller's OAuth client. GoTo has one key in force per
 * application (not per webhook), shows the value only in this answer, and offers no read or delete.
 */
import type { ApiRequest, SimContext } from '../context';
import type { Reply } from '../http-io';
import { badRequest } from '../http-io';
import { expectObject, optionalString, parseIso8601, rejectUnknownFields } from '../validation';

export function createSecretKey(ctx: SimContext, req: ApiRequest): Reply {
  if (req.body === undefined) {
    // The sketch posted no body and read {secretKey}; the published spec requires a body ({} at least).
    if (ctx.mode === 'sketch-compatible') {
      const now = new Date();
      const k = ctx.store.addSecretKey(req.caller.clientId, now.toISOString(), now.getTime());
      return { status: 201, body: { secretKey: k.value, value: k.value, id: k.id, validFrom: k.validFrom } };
    }
    throw badRequest('Request body is required: send {} or {"validFrom": "2019-07-01T22:00:00Z"}');
  }
  const o = expectObject(req.body, 'Request body');
  rejectUnknownFields(o, ['validFrom'], 'Request body');
  const given = optionalString(o, 'validFrom', 'Request body');
  let validFrom: string;
  let validFromMs: number;
  if (given === undefined) {
    const now = new Date();
    validFrom = now.toISOString();
    validFromMs = now.getTime();
  } else {
    const parsed = parseIso8601(given);
    if (parsed === undefined) {
      throw badRequest(`validFrom "${given}" is not an ISO 8601 date-time with a zone, e.g. 2019-07-01T22:00:00Z`);
    }
    validFrom = given;
    validFromMs = parsed;
  }
  const k = ctx.store.addSecretKey(req.caller.clientId, validFrom, validFromMs);
  return { status: 200, body: { id: k.id, value: k.value, validFrom: k.validFrom } };
}
