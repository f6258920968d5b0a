// Request bodies of the suite's own, built from an operation's documented request fields: every
// documented field with a value of its type that is recognisably ours (`cac-…`), references filled
// with the ids the request plan obtained, and optional references left out (a made-up reference
// proves nothing and may name what does not exist).
import type { Field, Operation } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';

export const SUITE_PREFIX = 'cac-';

/** `cac-<base36 time>-<random>`: the start of every value the suite makes up, read back by the sweep. */
export function runTag(): string {
  return `${SUITE_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export type Purpose = 'create' | 'update';

/** What the suite's own request of an operation does: a POST makes, any other write changes. */
export function purposeOf(op: Operation): Purpose {
  return op.method === 'POST' ? 'create' : 'update';
}

/** A value of the documented type that is recognisably ours. */
export function valueFor(field: Field, tag: string, purpose: Purpose): unknown {
  if (field.requestValue !== undefined) return structuredClone(field.requestValue);
  if (field.enum && field.enum.length > 0) {
    return purpose === 'create' ? field.enum[Math.min(1, field.enum.length - 1)] : field.enum[0];
  }
  switch (field.type) {
    case 'object':
      return { [`cac_${purpose}`]: `${tag}-${field.name}` };
    case 'array':
      return [`${tag}-${field.name}`];
    case 'integer':
    case 'number':
      return purpose === 'create' ? 1 : 2;
    case 'boolean':
      return purpose === 'create';
    default:
      return `${tag}-${purpose}-${field.name.replace(/_/g, '-')}`;
  }
}

/**
 * A request field that lists no values, where the answer documents the same field with a list
 * (Cinder's metadata `hw:passthrough`: "set to true" in the request, true or false in the answer):
 * the suite sends one of the answer's values, so what the target stores and shows back is documented.
 */
export function withAnswerValues(op: Operation, field: Field): Field {
  if (field.enum && field.enum.length > 0) return field;
  const twin = op.response.find((r) => r.path === field.path && r.type === field.type && r.enum && r.enum.length > 0);
  return twin ? { ...field, enum: twin.enum } : field;
}

/** Nest `a.b` paths into an object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let node = target;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) node[part] = value;
    else node = (node[part] ??= {}) as Record<string, unknown>;
  });
}

/**
 * An update also sends the free-text fields it documents (a description, a reason): any cloud takes a
 * string of the suite's own there, and the show that follows says whether the update was applied.
 */
function describedOnUpdate(field: Field, purpose: Purpose): boolean {
  return (
    purpose === 'update' && field.type === 'string' && !field.enum?.length && /(description|reason)$/.test(field.name)
  );
}

/**
 * Whether a body carries an optional field: only where a decision gives its value, or it names the
 * resource (`name`, `stack_name`: what the sweep finds leftovers by). Made-up values of the other
 * optional fields (a zone, a removed flag, a template URL, an undeclared parameter) are refused by a
 * correct cloud and prove nothing the required ones do not. Where a level would then be empty (an
 * update whose fields are all optional), all of its fields are sent.
 */
function sentOnCreate(field: Field): boolean {
  return field.required || field.requestValue !== undefined || NAME_FIELD.test(field.name);
}

/** A field that names its resource (`name`, `stack_name`). */
const NAME_FIELD = /(^|_)name$/;

/**
 * The body an operation is sent with, built from its documented body fields (an object whose members
 * are documented is built from them): the required fields, the name and those a decision gives a
 * value (every field of a level that would otherwise be empty), never an optional reference. `refs`
 * gives the value of each reference the plan obtained; `given` values the plan read from the target.
 */
export function requestBody(
  op: Operation,
  tag: string,
  purpose: Purpose,
  refs: Readonly<Record<string, string>> = {},
  optionalRefs: ReadonlySet<string> = new Set(),
  given: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const fields = op.requestBody.filter((f) => f.in === 'body' && !f.path.includes('[]'));
  for (const field of fields) {
    const path = field.path || field.name;
    if (fields.some((f) => f !== field && (f.path || f.name).startsWith(`${path}.`))) continue;
    if (refs[field.name] !== undefined) setPath(body, path, refs[field.name]);
    else if (optionalRefs.has(field.name)) continue;
    else if (given[path] !== undefined) setPath(body, path, given[path]);
    else if (sentOnCreate(field) || onlyOptionalUnder(fields, field) || describedOnUpdate(field, purpose))
      setPath(body, path, valueFor(withAnswerValues(op, field), tag, purpose));
  }
  return body;
}

/**
 * Whether `field` sits in a required object none of whose documented members a create would send
 * (`metadata.key_val`): an empty required object proves nothing, so its members are sent.
 */
function onlyOptionalUnder(fields: Field[], field: Field): boolean {
  const path = field.path || field.name;
  const parentPath = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : undefined;
  if (parentPath !== undefined) {
    const parent = fields.find((f) => (f.path || f.name) === parentPath);
    if (!parent?.required) return false;
  }
  const members = fields.filter((f) =>
    parentPath === undefined ? !(f.path || f.name).includes('.') : (f.path || f.name).startsWith(`${parentPath}.`),
  );
  return !members.some(sentOnCreate);
}

/**
 * Required string fields of a create body whose value the target defines (a zone, say): no
 * reference, no documented values, no name, no value given by a decision. A made-up value of such a
 * field is refused by a correct cloud; the plan reads one from a listed resource instead.
 */
export function targetDefinedFields(op: Operation, refs: Readonly<Record<string, string>>): Field[] {
  return op.requestBody.filter(
    (f) =>
      f.in === 'body' &&
      f.required &&
      f.type === 'string' &&
      !f.enum &&
      f.requestValue === undefined &&
      refs[f.name] === undefined &&
      !NAME_FIELD.test(f.name) &&
      !/(_id|Ref|_uuid)$/.test(f.name) &&
      !f.path.includes('[]'),
  );
}

/** The object a response wraps (`software_deployment`), or the body itself. */
export function resource(reply: Reply | undefined): Record<string, unknown> | undefined {
  const json = reply?.json;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const values = Object.values(json as Record<string, unknown>);
  if (values.length === 1 && values[0] && typeof values[0] === 'object' && !Array.isArray(values[0])) {
    return values[0] as Record<string, unknown>;
  }
  // One member in an array envelope (a page that types a show's envelope as an array): that member.
  const [only] = values;
  if (values.length === 1 && Array.isArray(only) && only.length === 1 && only[0] && typeof only[0] === 'object')
    return only[0] as Record<string, unknown>;
  return json as Record<string, unknown>;
}

/** The items of a list answer: the first array in its body. */
export function listedItems(reply: Reply | undefined): Record<string, unknown>[] {
  const body = reply?.json;
  if (!body || typeof body !== 'object') return [];
  const list = Array.isArray(body)
    ? body
    : (Object.values(body as Record<string, unknown>).find(Array.isArray) as unknown[] | undefined);
  // A list of names (Heat's resource types) names each member by its string: that is its id.
  return (list ?? []).flatMap((i): Record<string, unknown>[] =>
    typeof i === 'string' && i !== ''
      ? [{ id: i, name: i }]
      : !!i && typeof i === 'object' && !Array.isArray(i)
        ? [i as Record<string, unknown>]
        : [],
  );
}

/**
 * How an operation's request carries its body: JSON built from the documented fields, or, where the
 * catalog says the body is a JSON patch (with its media types), one `add` of a property of the suite's
 * own, sent with the last documented media type.
 */
export function requestPayload(
  op: Operation,
  tag: string,
  purpose: Purpose,
  refs: Readonly<Record<string, string>> = {},
  optionalRefs: ReadonlySet<string> = new Set(),
  given: Readonly<Record<string, unknown>> = {},
): { json?: unknown; raw?: string; headers?: Record<string, string> } {
  if (op.method === 'GET' || op.method === 'DELETE' || op.method === 'HEAD') return {};
  const form = op.requestBodyForm;
  if (form?.kind === 'json-patch') {
    const type = form.mediaTypes.at(-1) ?? 'application/json-patch+json';
    return {
      raw: JSON.stringify([{ op: 'add', path: `/cac_${purpose}`, value: `${tag}-${purpose}` }]),
      headers: { 'Content-Type': type },
    };
  }
  if (form?.kind === 'binary') {
    // A file's bytes: a few of the suite's own, recognisably so.
    return {
      raw: `${tag}-${purpose}\n`,
      headers: { 'Content-Type': form.mediaTypes[0] ?? 'application/octet-stream' },
    };
  }
  // No documented request body (a PUT that makes a tag, an action without fields): nothing is sent.
  if (op.requestBody.length === 0 && !op.schemas.request) return {};
  return { json: requestBody(op, tag, purpose, refs, optionalRefs, given) };
}
