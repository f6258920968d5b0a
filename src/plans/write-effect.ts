// What a write to a member leaves for the member's show to reflect, read from the pages alone: the
// generator states update-applied from it, the stateful check judges it. A write beneath a member that
// has a show (a PUT/PATCH of the member itself, an action, a PUT/POST/DELETE on a map or a tag list the
// show documents) has a visible effect when
// - the path continues with a name the show documents as an object (`…/metadata`, `…/metadata/{key}`):
//   the entries sent (or the key deleted) are then shown in that map;
// - the path continues with a name the show documents as an array and one parameter (`…/tags/{tag}`):
//   the tag is then in the array (PUT) or not (DELETE);
// - the request names fields (at the top, under its envelope or under the action's key) that the show
//   documents by the same name (`os-set_bootable.bootable` → `volume.bootable`): they are then shown
//   with the values sent.
// Where nothing of the request or the path names a field of the show (`os-extend.new_size`, a signal
// without a body), there is nothing the pages let the suite compare, and no effect is stated.
import type { Field, Operation } from '../catalog/model.ts';

export interface WriteEffect {
  /** The show operation of the member written to. */
  show: Operation;
  /** The show's root object (`volume`), or undefined for a flat answer. */
  root?: string;
  kind: 'fields' | 'map' | 'tags';
  /** `fields`: the show fields the request names; `map`/`tags`: the one field the path names. */
  fields: string[];
  /** `fields`: where the sent values sit in the request body (`os-set_bootable`, `volume`), '' at the top. */
  under: string;
}

const segments = (path: string): string[] => path.split('/').filter(Boolean);
const isParam = (s: string): boolean => /^\{[^}]+\}$/.test(s);
const sameSegment = (a: string, b: string): boolean => (isParam(a) && isParam(b)) || a === b;

/** The show's member fields by name: under its one root object, or at the top of a flat answer. */
function shownFields(show: Operation): { root?: string; fields: Map<string, Field> } {
  const roots = show.response.filter((f) => !f.path.includes('.') && !f.path.includes('[]') && f.name !== 'error');
  const root = roots.length === 1 && roots[0]!.type === 'object' ? roots[0]!.name : undefined;
  const fields = new Map<string, Field>();
  for (const f of show.response) {
    const parts = f.path.split('.');
    if (f.path.includes('[]')) continue;
    if (root ? parts.length === 2 && parts[0] === root : parts.length === 1) fields.set(f.name, f);
  }
  return { ...(root ? { root } : {}), fields };
}

/** The shows of the member an operation writes to: the GETs at paths the operation's path starts with, longest first. */
export function memberShows(op: Operation, ops: readonly Operation[]): Operation[] {
  const own = segments(op.path);
  return (showsOf(ops).get(op.service) ?? [])
    .filter(({ o, s }) => o.id !== op.id && s.length <= own.length && s.every((x, i) => sameSegment(x, own[i]!)))
    .sort((a, b) => b.s.length - a.s.length)
    .map(({ o }) => o);
}

/** Per list of operations, its GETs of a member (the path ends in a parameter) by service, with their segments. */
const shows = new WeakMap<readonly Operation[], Map<string, { o: Operation; s: string[] }[]>>();
function showsOf(ops: readonly Operation[]): Map<string, { o: Operation; s: string[] }[]> {
  let byService = shows.get(ops);
  if (!byService) {
    byService = new Map();
    for (const o of ops) {
      if (o.method !== 'GET') continue;
      const s = segments(o.path);
      if (!isParam(s.at(-1) ?? '')) continue;
      const list = byService.get(o.service);
      if (list) list.push({ o, s });
      else byService.set(o.service, [{ o, s }]);
    }
    shows.set(ops, byService);
  }
  return byService;
}

/**
 * The effect of a write, from the first of its member's shows that documents it (a map key's own show
 * documents no named field; the member's show documents the map). None for an answer of 202
 * Accepted: the write is then carried out later, and the pages say nothing of when a show reflects it.
 */
export function writeEffect(op: Operation, ops: readonly Operation[]): WriteEffect | undefined {
  if (op.method === 'GET' || op.method === 'HEAD') return undefined;
  if (op.statusCodes.some((c) => c.kind === 'success' && c.code === 202)) return undefined;
  for (const show of memberShows(op, ops)) {
    const effect = effectOn(op, show);
    if (effect) return effect;
  }
  return undefined;
}

function effectOn(op: Operation, show: Operation): WriteEffect | undefined {
  const { root, fields } = shownFields(show);
  const tail = segments(op.path).slice(segments(show.path).length);
  const base = { show, ...(root ? { root } : {}) };
  const named = fields.get(tail[0] ?? '');
  if (named && tail.length <= 2 && (tail.length === 1 || isParam(tail[1]!))) {
    if (named.type === 'object') return { ...base, kind: 'map', fields: [named.name], under: '' };
    if (named.type === 'array' && tail.length === 2 && (op.method === 'PUT' || op.method === 'DELETE'))
      return { ...base, kind: 'tags', fields: [named.name], under: '' };
    return undefined;
  }
  // The member itself (PUT/PATCH), or an action on it (its body keyed by the action's name).
  if (tail.length > 1 || (tail.length === 1 && !op.action)) return undefined;
  if (op.requestBodyForm?.kind === 'json-patch') return undefined;
  const body = op.requestBody.filter((f) => !f.path.includes('[]'));
  const tops = body.filter((f) => !f.path.includes('.'));
  const envelope =
    op.action ?? (tops.length === 1 && tops[0]!.type === 'object' && !fields.has(tops[0]!.name) ? tops[0]!.name : '');
  const sent = body.filter((f) => (envelope ? f.path === `${envelope}.${f.name}` : !f.path.includes('.')));
  const hit = sent.map((f) => f.name).filter((n) => n !== 'id' && fields.has(n));
  if (hit.length === 0) return undefined;
  return { ...base, kind: 'fields', fields: [...new Set(hit)], under: envelope };
}
