// timestamps: every documented timestamp is ISO 8601, a real calendar instant, in the documented form
// (`±hh:mm`, with `Z` as the UTC offset it is, fractional seconds allowed); a zone-less value is a
// departure under the timestamp decision, so its treatment (warn / accept-either) applies; and an
// update time is never before the creation time of the same object.
import type { Decision, Field, Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { samePath, show, valuesAt } from '../json-path.ts';
import { defineCheck, type Check, type CheckContext, type Findings } from '../model.ts';
import { writesFor } from '../replies.ts';
import { formsOf, isParseError, parseTimestamp, type TimestampForm } from '../timestamp.ts';
import { overBodies } from './body.ts';

const FORM_WORDS: Record<TimestampForm, string> = {
  'utc-z': 'a `Z` UTC designator',
  'utc-offset': 'a ±hh:mm offset',
  'zone-less': 'no UTC offset',
  fraction: 'fractional seconds',
  'space-separator': 'a space instead of T',
};

/** The decision that bears on a timestamp field's form: the requirement's own, else the field's. */
export function timestampDecision(ctx: CheckContext, req: Requirement, field: Field | undefined): Decision | undefined {
  const own = ctx.decision(req.decision);
  if (own) return own;
  for (const id of field?.decisions ?? []) {
    const d = ctx.decision(id);
    if (d && /time|zone|offset|iso|fraction/i.test(`${d.id} ${d.title}`)) return d;
  }
  return undefined;
}

/** The forms the documented form allows; a field without one allows any ISO 8601 form. */
export function documentedForms(documentedForm: string | undefined): Set<TimestampForm> | undefined {
  // "not stated" and the like: no pattern to hold a value to.
  if (!documentedForm || !/hh/i.test(documentedForm)) return undefined;
  // ISO 8601 lets any form carry a decimal fraction of its seconds, and decision
  // timestamp-offset-forms allows it: only the zone part of the form is held to the page.
  const allowed = new Set<TimestampForm>(['fraction']);
  if (/±|[+-]hh|Z/i.test(documentedForm)) allowed.add('utc-offset').add('utc-z');
  else allowed.add('zone-less');
  return allowed;
}

function fieldFor(ctx: CheckContext, subject: string): Field | undefined {
  return ctx.operation.response.find((f) => samePath(f.path, subject) || f.name === subject);
}

function checkFormat(ctx: CheckContext, req: Requirement, reply: Reply, findings: Findings): void {
  const field = fieldFor(ctx, req.subject);
  const path = field?.path ?? req.subject;
  const allowed = documentedForms(field?.timestamp?.documentedForm);
  const decision = timestampDecision(ctx, req, field);
  for (const { pointer, value } of valuesAt(reply.json, path)) {
    if (value === null || value === undefined) continue; // nullability is the schema family's
    if (typeof value !== 'string') continue; // so is the type
    const parsed = parseTimestamp(value);
    if (isParseError(parsed)) {
      findings.failReply(req, reply, {
        message: `${path} is not an ISO 8601 date-time: ${parsed.error}`,
        received: `${show(value)} at ${pointer}`,
        documented: field?.timestamp?.documentedForm ?? 'ISO 8601 date-time',
      });
      continue;
    }
    if (!allowed) continue;
    const departures = formsOf(parsed).filter((f) => !allowed.has(f));
    if (departures.length === 0) continue;
    findings.failReply(
      req,
      reply,
      {
        message: `${path} has ${departures.map((f) => FORM_WORDS[f]).join(' and ')}, unlike the documented form`,
        received: `${show(value)} at ${pointer}`,
        documented: field?.timestamp?.documentedForm ?? '',
      },
      decision?.id,
    );
  }
}

/** Objects holding both keys, anywhere in the body. */
function pairs(
  body: unknown,
  later: string,
  earlier: string,
  pointer = '',
): { pointer: string; obj: Record<string, unknown> }[] {
  if (body === null || typeof body !== 'object') return [];
  const out: { pointer: string; obj: Record<string, unknown> }[] = [];
  if (!Array.isArray(body) && later in body && earlier in body)
    out.push({ pointer, obj: body as Record<string, unknown> });
  for (const [k, v] of Object.entries(body)) out.push(...pairs(v, later, earlier, `${pointer}/${k}`));
  return out;
}

export function orderSubject(subject: string): { later: string; earlier: string } {
  const m = /^(.+?)\s*>=?\s*(.+)$/.exec(subject);
  const leaf = (s: string) => s.trim().split('.').pop()!.replace(/\[\]$/, '');
  if (m) return { later: leaf(m[1]!), earlier: leaf(m[2]!) };
  return { later: 'updated_time', earlier: 'creation_time' };
}

function checkOrder(req: Requirement, reply: Reply, findings: Findings): void {
  const { later, earlier } = orderSubject(req.subject);
  for (const { pointer, obj } of pairs(reply.json, later, earlier)) {
    const a = obj[later],
      b = obj[earlier];
    if (typeof a !== 'string' || typeof b !== 'string') continue;
    const pa = parseTimestamp(a),
      pb = parseTimestamp(b);
    if (isParseError(pa) || isParseError(pb)) continue; // the format requirement reports it
    if (pa.epochMs < pb.epochMs) {
      findings.failReply(req, reply, {
        message: `${later} is before ${earlier}`,
        received: `${later} ${a}, ${earlier} ${b} at ${pointer || '/'}`,
        documented: `${later} >= ${earlier}`,
      });
    }
  }
}

export const timestampIso8601Form = defineCheck({
  id: 'timestamp-iso8601-form',
  family: 'timestamps',
  assertions: ['timestamp-format'],
  title: 'timestamps are real ISO 8601 instants in the documented form',
  appliesTo: () => true,
  writes: writesFor,
  run: function timestampIso8601Form(ctx, requirements) {
    return overBodies(ctx, requirements, (reply, findings) => {
      for (const req of requirements) checkFormat(ctx, req, reply, findings);
    });
  },
});

export const timestampUpdatedNotBeforeCreated = defineCheck({
  id: 'timestamp-updated-not-before-created',
  family: 'timestamps',
  assertions: ['timestamp-order'],
  title: 'an update time is never before the creation time',
  appliesTo: () => true,
  writes: writesFor,
  run: function timestampUpdatedNotBeforeCreated(ctx, requirements) {
    return overBodies(ctx, requirements, (reply, findings) => {
      for (const req of requirements) checkOrder(req, reply, findings);
    });
  },
});
