// schema: the response body against its generated JSON Schema (one Ajv2020 instance, looked up by
// `$id`). ajv's errors are mapped back to the requirement they break: a missing key to
// field-present, a wrong type to field-type, anything at the top level to the envelope. Formats and
// enums belong to their own families and are left to them.
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Requirement } from '../../catalog/model.ts';
import { pointerToPath, show } from '../json-path.ts';
import { defineCheck, type CheckContext } from '../model.ts';
import { writesFor } from '../replies.ts';
import { byAssertionAndSubject, overBodies } from './body.ts';

const OTHER_FAMILIES = new Set(['format', 'enum', 'const']);

function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

export function requirementForError(
  error: ErrorObject,
  requirements: Requirement[],
): { req: Requirement; path: string } | undefined {
  const index = byAssertionAndSubject(requirements);
  const at = pointerToPath(error.instancePath);
  const path =
    error.keyword === 'required'
      ? [at, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.')
      : at;
  const top = path.split('.')[0]?.replace(/\[\]$/, '') ?? '';
  const candidates: string[] = [];
  if (error.keyword === 'required') candidates.push(`field-present ${path}`);
  candidates.push(`field-type ${path}`);
  if (!path.includes('.')) candidates.push(`envelope ${top}`, `field-present ${path}`);
  // Walk up: a broken item of a documented field belongs to that field.
  for (let p = parentPath(path); p; p = parentPath(p)) candidates.push(`field-type ${p}`);
  candidates.push(`envelope ${top}`);
  for (const key of candidates) {
    const req = index.get(key);
    if (req) return { req, path };
  }
  const envelope = requirements.find((r) => r.assertion === 'envelope');
  return envelope ? { req: envelope, path } : requirements[0] ? { req: requirements[0], path } : undefined;
}

function describe(error: ErrorObject, path: string): string {
  switch (error.keyword) {
    case 'required':
      return `${path} is missing`;
    case 'type':
      return `${path || 'the body'} is not of the documented type`;
    case 'additionalProperties':
      return `${path || 'the body'} has a key the pages do not allow: ${(error.params as { additionalProperty: string }).additionalProperty}`;
    default:
      return `${path || 'the body'} ${error.message ?? error.keyword}`;
  }
}

function documented(error: ErrorObject, path: string, reqs: Requirement[], ctxFields: Map<string, string>): string {
  if (error.keyword === 'type') {
    const t = (error.params as { type: string | string[] }).type;
    return `${Array.isArray(t) ? t.join(' or ') : t}${ctxFields.has(path) ? ` (${ctxFields.get(path)})` : ''}`;
  }
  if (error.keyword === 'required') return `${path} present`;
  return error.message ?? error.keyword;
}

export const responseBodyMatchesSchema = defineCheck({
  id: 'response-body-matches-schema',
  family: 'schema',
  assertions: ['envelope', 'field-present', 'field-type'],
  title: 'the response body has the documented envelope, fields and types',
  appliesTo: (op) => op.schemas.response !== undefined,
  writes: writesFor,
  run: function responseBodyMatchesSchema(ctx, requirements) {
    const schemaId = ctx.operation.schemas.response!;
    const docTypes = new Map(ctx.operation.response.map((f) => [f.path, f.docType]));
    return overBodies(ctx, requirements, (reply, findings) => {
      const errors = ctx.schemas.validate(schemaId, reply.json);
      const seen = new Set<string>();
      for (const error of errors) {
        if (OTHER_FAMILIES.has(error.keyword)) continue;
        // `if`/`anyOf` wrappers repeat what their branches say.
        if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
        const hit = requirementForError(error, requirements);
        if (!hit) continue;
        const key = `${hit.req.id} ${error.instancePath} ${error.keyword}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const received =
          error.keyword === 'required' ? '(absent)' : show(valueAtPointer(reply.json, error.instancePath));
        findings.failReply(
          hit.req,
          reply,
          {
            message: describe(error, hit.path),
            received: `${received} at ${error.instancePath || '/'}`,
            documented: documented(error, hit.path, requirements, docTypes),
          },
          upstreamChoice(ctx, hit.req),
        );
      }
    });
  },
});

/**
 * A reviewed decision with treatment warn that names this requirement's operation and subject: a
 * legal upstream choice (a key shown only to administrators, say), judged as a warning citing it.
 */
function upstreamChoice(ctx: CheckContext, req: Requirement): string | undefined {
  return ctx.catalog.decisions.find(
    (d) =>
      d.treatment === 'warn' && d.appliesTo.some((a) => a.operation === req.operation && a.subject === req.subject),
  )?.id;
}

function valueAtPointer(body: unknown, pointer: string): unknown {
  let node = body;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
