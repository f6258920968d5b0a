// Generic defects that change what a successful response says, applied to the body an operation
// documents, whichever code produced it: a field of the wrong type, a required field missing, null
// where not nullable, the envelope renamed, a timestamp without its offset / impossible / updated
// before created, an enum value outside the list. Each names the nodes it applies to, so a defect
// confined to an operation (`NAME@operation`) is refused where its node does not exist.
import { isErrorNode, type Route } from './routes.ts';
import type { Node } from './tree.ts';
import { isTimeNode } from './values.ts';

export type Mutation = (body: unknown, route: Route) => unknown;

export interface BodyDefect {
  /** The nodes of the operation's response this defect would change; empty: it cannot apply. */
  targets(route: Route): Node[];
  mutate(value: unknown, node: Node): { value: unknown } | { drop: true };
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** Nodes below the envelope (or the body) with their path of keys, arrays marked by '[]'. */
function leaves(root: Node): { node: Node; path: string[] }[] {
  const out: { node: Node; path: string[] }[] = [];
  const visit = (n: Node, path: string[]) => {
    for (const [k, c] of n.children) {
      // The page's description of its fault body is no part of a success body.
      if (path.length === 0 && isErrorNode(c)) continue;
      out.push({ node: c, path: [...path, k] });
      visit(c, [...path, k]);
    }
    if (n.item) visit(n.item, [...path, '[]']);
  };
  visit(root, []);
  return out;
}

const envelopeKey = (route: Route): string | undefined => {
  if (route.envelope) return route.envelope;
  const tops = [...route.response.children.values()].filter((n) => !isErrorNode(n));
  return tops.length === 1 && (route.op as { noResponseBody?: boolean }).noResponseBody !== true
    ? tops[0]!.name
    : undefined;
};

/** First node a defect can change: the first documented leaf of the right shape, below the envelope. */
function pick(route: Route, ok: (n: Node, path: string[]) => boolean): { node: Node; path: string[] } | undefined {
  const env = envelopeKey(route);
  return leaves(route.response).find(({ node, path }) =>
    path.length > 1 || !env || path[0] !== env
      ? (path[0] === env || !env) &&
        ok(node, path) &&
        !/(_links|^links|^next)$/.test(path[0] ?? '') &&
        !path.includes('links')
      : false,
  );
}

/** Whether the documented form ends in a zone (`…ss±hh:mm`, `…ssZ`). */
const documentedOffset = (n: Node): boolean =>
  /(±|\+|Z$|[+-]hh)/.test((n.timestamp?.documentedForm ?? '').replace(/^CCYY-MM-DDThh:mm:ss([.,][A-Za-z0-9]+)?/, ''));

export const BODY_DEFECTS: Record<
  string,
  (route: Route) => { path: string[]; apply: (v: unknown) => unknown } | undefined
> = {
  'field-wrong-type': (r) => {
    const t = pick(r, (n) => SCALARS.has(n.type) && !n.enum && !isTimeNode(n));
    return (
      t && {
        path: t.path,
        apply: (v) =>
          typeof v === 'string'
            ? v.length + 1000
            : typeof v === 'number'
              ? String(v)
              : typeof v === 'boolean'
                ? String(v)
                : v,
      }
    );
  },
  'field-required-missing': (r) => {
    const t = pick(r, (n) => n.required && SCALARS.has(n.type));
    return t && { path: t.path, apply: () => DROP };
  },
  'field-null': (r) => {
    const t = pick(r, (n) => !n.nullable && n.required && SCALARS.has(n.type));
    return t && { path: t.path, apply: () => null };
  },
  'timestamp-no-offset': (r) => {
    const t = pick(r, (n) => n.timestamp !== undefined && documentedOffset(n));
    return t && { path: t.path, apply: (v) => (typeof v === 'string' ? v.replace(/(Z|[+-]\d\d:\d\d)$/, '') : v) };
  },
  'timestamp-impossible': (r) => {
    const t = pick(r, (n) => n.timestamp !== undefined || (isTimeNode(n) && n.type === 'string'));
    return (
      t && { path: t.path, apply: (v) => (typeof v === 'string' ? v.replace(/^(\d{4})-\d{2}-\d{2}/, '$1-02-30') : v) }
    );
  },
  'enum-outside': (r) => {
    const t = pick(r, (n) => (n.enum?.length ?? 0) > 0 && n.type === 'string');
    return t && { path: t.path, apply: () => 'UNDOCUMENTED_VALUE' };
  },
};

const DROP = Symbol('drop');

/** Applies `fn` at `path` (keys, '[]' for every array item) inside `body`. */
function at(body: unknown, path: string[], fn: (v: unknown) => unknown): void {
  if (path.length === 0 || body === null || typeof body !== 'object') return;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '[]') {
    if (Array.isArray(body)) for (const x of body) at(x, rest, fn);
    return;
  }
  const obj = body as Record<string, unknown>;
  if (!(head in obj)) return;
  if (rest.length === 0) {
    const v = fn(obj[head]);
    if (v === DROP) delete obj[head];
    else obj[head] = v;
  } else at(obj[head], rest, fn);
}

/** Whether a body defect can apply to the route. */
export function bodyDefectApplies(name: string, route: Route): boolean {
  if (name === 'envelope-renamed') return envelopeKey(route) !== undefined;
  if (name === 'timestamp-updated-before-created') return updatedAndCreated(route) !== undefined;
  const d = BODY_DEFECTS[name];
  return d ? d(route) !== undefined : false;
}

function updatedAndCreated(route: Route): { created: string[]; updated: string[] } | undefined {
  const all = leaves(route.response).filter(({ node }) => isTimeNode(node));
  const created = all.find(({ node }) => /^created/.test(node.name) || node.name === 'creation_time');
  const updated = all.find(({ node }) => /^updated/.test(node.name));
  return created && updated && created.path.slice(0, -1).join('.') === updated.path.slice(0, -1).join('.')
    ? { created: created.path, updated: updated.path }
    : undefined;
}

export function mutateBody(name: string, route: Route, body: unknown): unknown {
  if (name === 'envelope-renamed') {
    const env = envelopeKey(route);
    if (!env || !body || typeof body !== 'object' || !(env in (body as object))) return body;
    const { [env]: inner, ...rest } = body as Record<string, unknown>;
    return { ...rest, [`${env}_data`]: inner };
  }
  if (name === 'timestamp-updated-before-created') {
    const pair = updatedAndCreated(route);
    if (!pair) return body;
    // Copy each created value an hour back into updated, item by item.
    const apply = (obj: unknown, cPath: string[], uPath: string[]): void => {
      if (!obj || typeof obj !== 'object') return;
      if (cPath[0] === '[]') {
        if (Array.isArray(obj)) for (const x of obj) apply(x, cPath.slice(1), uPath.slice(1));
        return;
      }
      if (cPath.length === 1) {
        const o = obj as Record<string, unknown>;
        const created = o[cPath[0]!];
        if (typeof created === 'string' && uPath[0]! in o) o[uPath[0]!] = hourBefore(created);
        return;
      }
      apply((obj as Record<string, unknown>)[cPath[0]!], cPath.slice(1), uPath.slice(1));
    };
    apply(body, pair.created, pair.updated);
    return body;
  }
  const d = BODY_DEFECTS[name]?.(route);
  if (d) at(body, d.path, d.apply);
  return body;
}

function hourBefore(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(.*)$/.exec(ts);
  if (!m) return ts;
  const d = new Date(`${m[1]}Z`);
  d.setUTCHours(d.getUTCHours() - 1);
  return `${d.toISOString().slice(0, 19)}${m[2] ?? ''}${m[3] ?? ''}`;
}
