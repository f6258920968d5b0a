// Operations → JSON Schemas (draft 2020-12), one per request body and per response body.
// Extra properties stay allowed (the pages never forbid them; upstream adds keys over time).
import type { Field, Operation } from '../catalog/model.ts';
import { SCHEMA_BASE, TIMESTAMP_FORMAT } from '../catalog/vocabulary.ts';

export type JsonSchema = Record<string, unknown>;

export function schemaId(opId: string, kind: 'request' | 'response'): string {
  return `${SCHEMA_BASE}${opId}.${kind}.json`;
}

export function schemaFile(opId: string, kind: 'request' | 'response'): string {
  return `schemas/${opId}.${kind}.schema.json`;
}

function leafSchema(f: Field): JsonSchema {
  const s: JsonSchema = {};
  s.type = f.nullable ? [f.type, 'null'] : f.type;
  s.description = f.description;
  if (f.enum) s.enum = f.nullable ? [...f.enum, null] : [...f.enum];
  if (f.timestamp) {
    s.format = TIMESTAMP_FORMAT;
    s['x-timestamp-form'] = f.timestamp.documentedForm;
  }
  s['x-source'] = { ...f.source };
  s['x-doc-type'] = f.docType;
  if (f.sinceMicroversion) s['x-since-microversion'] = f.sinceMicroversion;
  if (f.decisions && f.decisions.length > 0) s['x-decisions'] = [...f.decisions];
  return s;
}

/** Children of `prefix` (`''` for the root), as properties + required. */
function objectBody(fields: Field[], prefix: string): { properties: JsonSchema; required: string[] } {
  const properties: JsonSchema = {};
  const required: string[] = [];
  for (const f of fields) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    if (rest.includes('.')) continue;
    properties[f.name] = fieldSchema(fields, f);
    if (f.required) required.push(f.name);
  }
  return { properties, required };
}

function fieldSchema(fields: Field[], f: Field): JsonSchema {
  const s = leafSchema(f);
  const childPrefix = f.path + (f.type === 'array' ? '[].' : '.');
  const hasChildren = fields.some((c) => c.path.startsWith(childPrefix));
  if (f.type === 'object' && hasChildren) {
    const body = objectBody(fields, childPrefix);
    return insertAfterDescription(s, {
      properties: body.properties,
      ...(body.required.length ? { required: body.required } : {}),
    });
  }
  if (f.type === 'array') {
    let items: JsonSchema;
    if (hasChildren) {
      const body = objectBody(fields, childPrefix);
      items = {
        type: 'object',
        properties: body.properties,
        ...(body.required.length ? { required: body.required } : {}),
      };
    } else if (f.items) {
      items = { type: f.items };
    } else {
      // "Array" with no item word and no item table: the page says nothing of the items, so the
      // schema demands nothing of them (an invented `object` would blame a list of strings).
      return s;
    }
    return insertAfterDescription(s, { items });
  }
  return s;
}

/** Keeps a readable key order: type, description, structure, then annotations. */
function insertAfterDescription(s: JsonSchema, extra: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    out[k] = v;
    if (k === 'description') Object.assign(out, extra);
  }
  return out;
}

function rootSchema(op: Operation, kind: 'request' | 'response', fields: Field[]): JsonSchema {
  if (kind === 'request' && op.requestBodyForm?.kind === 'json-patch') {
    // A JSON-patch body: an array of patch operations, each described by the request tables (`[].op`).
    // One patch form per request table (v2.0 replace/add/remove + value, v2.1 op + path + value): an item is one of them.
    const forms = [...new Set(fields.filter((f) => !f.path.slice(3).includes('.')).map((f) => f.source.table))];
    const formOf = (table: string) => {
      const names = new Set(
        fields.filter((f) => f.source.table === table && !f.path.slice(3).includes('.')).map((f) => f.name),
      );
      const body = objectBody(
        fields.filter((f) => names.has(f.path.slice(3).split(/[.[]/)[0]!)),
        '[].',
      );
      return {
        type: 'object',
        title: table,
        properties: body.properties,
        ...(body.required.length ? { required: body.required } : {}),
      };
    };
    const item = forms.length > 1 ? { anyOf: forms.map(formOf) } : formOf(forms[0] ?? '');
    return {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: schemaId(op.id, kind),
      $comment: `Generated from ${op.doc} and specs/decisions.yaml by npm run generate; do not edit.`,
      title: `${op.method} ${op.path} ${kind} body (${op.requestBodyForm.mediaTypes.join(' or ')})`,
      type: 'array',
      items: item,
    };
  }
  const body = objectBody(fields, '');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaId(op.id, kind),
    $comment: `Generated from ${op.doc} and specs/decisions.yaml by npm run generate; do not edit.`,
    title: `${op.method} ${op.path} ${kind} body`,
    type: 'object',
    properties: body.properties,
    ...(body.required.length ? { required: body.required } : {}),
  };
}

export function buildSchemas(op: Operation): { request?: JsonSchema; response?: JsonSchema } {
  return {
    ...(op.requestBody.length > 0 ? { request: rootSchema(op, 'request', op.requestBody) } : {}),
    ...(op.response.length > 0 ? { response: rootSchema(op, 'response', op.response) } : {}),
  };
}
