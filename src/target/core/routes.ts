// The resource model the generic core serves, derived from the catalog alone: every operation's URI
// template becomes a route of a kind (list, show, create, update, delete, action, a sub-resource of a
// member, or a document), and the operations about the same path template share one collection
// whose item is the union of what they document. Nothing here names an operation.
import type { Catalog, Field, HttpMethod, Operation, Pagination } from '../../catalog/model.ts';
import { cloneNode, emptyNode, merge, treeOf, type Node } from './tree.ts';

export type RouteKind =
  | 'list' // GET a collection (or a view of it): an array of items
  | 'show' // GET a member
  | 'create' // POST a collection
  | 'update' // PUT/PATCH a member
  | 'delete' // DELETE a member
  | 'action' // POST below a member (`…/action`, `…/actions`, `…/accept`, `…/signal`)
  | 'map' // GET/POST/PUT a member's object-valued field (`…/{id}/metadata`)
  | 'map-key' // GET/PUT/DELETE one key of it (`…/metadata/{key}`)
  | 'tag' // PUT/DELETE one value of a member's list-valued field (`…/tags/{tag}`)
  | 'upload' // PUT a member's data (`…/file`)
  | 'member-view' // GET a document below a member (`…/{id}/template`)
  | 'document'; // anything else: a document generated from its documented body (versions, schemas, quotas …)

export type Segment = { literal: string } | { param: string };

export interface Collection {
  /** Normalised template of the collection (`/v3/{}/volumes`). */
  key: string;
  service: string;
  /** Last literal segment (`volumes`): the seed knob's name. */
  name: string;
  /** The item: union of every operation's documented item. */
  item: Node;
  /** Envelope of one item (`volume`), when some operation documents one. */
  singular?: string;
  /** Envelope of a list (`volumes`), when some operation documents one. */
  plural?: string;
  /** Whether a create operation exists (then seeded members are joined by created ones). */
  creatable: boolean;
  /** Collection holding the parent member, for nested collections (`…/stacks/{}/{}/resources`). */
  parent?: Collection;
  /** How many path parameters name a member (Heat stacks: name and id). */
  memberParams: number;
}

export interface Route {
  op: Operation;
  service: string;
  template: string;
  segments: Segment[];
  kind: RouteKind;
  collection?: Collection;
  /** For list/show/create/update: the envelope of this operation's response (undefined: bare). */
  envelope?: string;
  /** A show, create or update whose page types its one envelope as an array: the member is its one item. */
  envelopeArray?: boolean;
  /** This operation's documented item (what its response shows of a member). */
  item: Node;
  /** The whole documented response. */
  response: Node;
  /** The documented request body. */
  request: Node;
  /** Envelope of the request body (`volume`), when it has exactly one object at the top. */
  requestEnvelope?: string;
  /** For map / map-key / tag: the member field the sub-resource edits (`metadata`, `tags`). */
  subField?: string;
  successCode: number;
  pagination?: Pagination;
  /** Query parameters that filter (documented and naming an item field, or `name~` forms). */
  filters: Field[];
  /** Paging words the page documents among its query parameters. */
  paging: Set<string>;
  /** Fixed query of a template written with one (`…?usage=True`). */
  fixedQuery?: URLSearchParams;
}

export const PAGING_WORDS = new Set([
  'limit',
  'marker',
  'offset',
  'sort',
  'sort_key',
  'sort_keys',
  'sort_dir',
  'page',
  'page_size',
  'with_count',
]);
const ACTION_WORDS = new Set(['action', 'actions', 'accept', 'signal', 'cancel', 'check']);

export function parseTemplate(template: string): { segments: Segment[]; query?: URLSearchParams } {
  const [path = '', query] = template.split('?');
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s): Segment => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s }));
  return { segments, ...(query ? { query: new URLSearchParams(query) } : {}) };
}

export const normalise = (segments: Segment[]): string =>
  '/' + segments.map((s) => ('param' in s ? '{}' : s.literal)).join('/');

const isScopeParam = (name: string): boolean => name === 'project_id' || name === 'tenant_id';

function successCode(op: Operation): number {
  return (
    op.statusCodes.find((s) => s.kind === 'success')?.code ??
    (op.method === 'POST' ? 201 : op.method === 'DELETE' ? 204 : 200)
  );
}

/** The single top-level object (or array) a body wraps its content in, if it has exactly one top-level field. */
export function envelopeOf(body: Node, want: 'object' | 'array'): string | undefined {
  // A top-level `error` object documents the failure body, not the success one.
  const tops = [...body.children.values()].filter((n) => !isErrorNode(n));
  const main = tops.filter((n) => n.type === want && !/(_links|^links)$/.test(n.name) && n.name !== 'next');
  if (want === 'array')
    return (
      main.find((n) => n.item?.type === 'object' && n.item.children.size > 0) ??
      main.find((n) => n.item?.type === 'object')
    )?.name;
  return tops.length === 1 && main.length === 1 ? main[0]!.name : undefined;
}

/** `error: {code, message}` beside a success body: the page's description of its fault body. */
export const isErrorNode = (n: Node): boolean => n.name === 'error' && n.type === 'object';

/** Trailing parameters of a template and the literal before them (`stacks`, 2 for `/stacks/{n}/{i}`). */
function memberShape(segments: Segment[]): { lit: number; params: number } | undefined {
  let i = segments.length - 1;
  let params = 0;
  while (i >= 0 && 'param' in segments[i]!) {
    params++;
    i--;
  }
  if (params === 0 || i < 0) return undefined;
  // A member addressed by the scope parameter (`/os-quota-sets/{project_id}`) is a document of the scope.
  if (params === 1 && isScopeParam((segments[segments.length - 1] as { param: string }).param) && i > 0)
    return undefined;
  return { lit: i, params };
}

export interface RouteTable {
  routes: Route[];
  collections: Map<string, Collection>;
  /** Routes of one service, most literal first (so `/volumes/detail` wins over `/volumes/{id}`). */
  forService(service: string): Route[];
  byOperation: Map<string, Route[]>;
}

export function buildRoutes(catalog: Catalog): RouteTable {
  const collections = new Map<string, Collection>();
  const templates: { op: Operation; template: string; segments: Segment[]; query?: URLSearchParams }[] = [];
  for (const op of catalog.operations) {
    for (const template of [op.path, ...op.alternatePaths])
      templates.push({ op, template, ...parseTemplate(template) });
  }

  const collectionAt = (service: string, segments: Segment[], memberParams: number): Collection => {
    const key = normalise(segments);
    let c = collections.get(key);
    if (!c) {
      const lit = [...segments].reverse().find((s) => 'literal' in s) as { literal: string } | undefined;
      c = {
        key,
        service,
        name: lit?.literal ?? key,
        item: emptyNode('', '', 'object'),
        creatable: false,
        memberParams,
      };
      collections.set(key, c);
    }
    c.memberParams = Math.max(c.memberParams, memberParams);
    return c;
  };

  // 1. Collections: every run of member parameters after a literal, where a template ends or goes on
  // below it (`…/volumes/{volume_id}/metadata` names a volume even where no page shows one, so an
  // unknown one is 404). Below another member, only where some operation lists it
  // (`…/{stack}/resources`); otherwise the literal names a field of the member
  // (`…/{volume_id}/metadata/{key}`, `…/{image_id}/tags/{tag}`). The project in the path scopes; it
  // is no member.
  const listed = new Set(
    templates
      .filter((t) => t.op.method === 'GET' && envelopeOf(treeOf(t.op.response), 'array'))
      .map((t) => normalise(t.segments)),
  );
  for (const t of templates) {
    for (let end = t.segments.length; end > 0; end--) {
      if (!('param' in t.segments[end - 1]!) || (end < t.segments.length && 'param' in t.segments[end]!)) continue;
      const segments = t.segments.slice(0, end);
      const m = memberShape(segments);
      // A run of scope parameters alone (`/v3/{project_id}`) names no member.
      if (
        !m ||
        (end < t.segments.length && segments.slice(m.lit + 1).every((s) => 'param' in s && isScopeParam(s.param)))
      )
        continue;
      const colSegs = segments.slice(0, m.lit + 1);
      const before = m.lit > 0 ? segments[m.lit - 1]! : undefined;
      const nested = before !== undefined && 'param' in before && !isScopeParam(before.param);
      if (nested && !listed.has(normalise(colSegs))) continue;
      collectionAt(t.op.service, colSegs, m.params);
    }
  }
  // Creates on a literal path make a collection too.
  for (const t of templates) {
    if (t.op.method === 'POST' && 'literal' in (t.segments.at(-1) ?? { param: '' })) {
      const last = (t.segments.at(-1) as { literal: string }).literal;
      const parentIsMember = 'param' in (t.segments.at(-2) ?? { literal: '' });
      const key = normalise(t.segments);
      // Only where another operation reads what it creates (a list or a member on the same path);
      // otherwise the POST answers a document (`/validate`, `/stacks/preview`).
      const used = templates.some(
        (o) =>
          o !== t &&
          (normalise(o.segments) === key || normalise(o.segments.slice(0, -1)) === key) &&
          o.op.method !== 'POST',
      );
      if (
        used &&
        !ACTION_WORDS.has(last) &&
        !(parentIsMember && collections.has(normalise(t.segments.slice(0, -2)))) &&
        !collections.has(key)
      ) {
        if (treeHasObject(treeOf(t.op.requestBody)) && responseLooksLikeItem(t.op))
          collectionAt(t.op.service, t.segments, 1);
      }
    }
  }
  // Parents: a collection whose template passes through another collection's member.
  const assignParents = () => {
    for (const c of collections.values()) {
      if (c.parent) continue;
      const segs = parseTemplate(c.key.replace(/\{\}/g, '{x}')).segments;
      for (let cut = segs.length - 1; cut > 0; cut--) {
        const at = collections.get(normalise(segs.slice(0, cut)));
        if (at && at !== c && segs.slice(cut, cut + at.memberParams).every((s) => 'param' in s)) {
          c.parent = at;
          break;
        }
      }
    }
  };
  assignParents();

  // 2. Routes.
  const routes: Route[] = [];
  for (const t of templates) {
    const { op, segments } = t;
    const response = treeOf(op.response);
    const request = treeOf(op.requestBody);
    const last = segments.at(-1);
    const lastLit = last && 'literal' in last ? last.literal : undefined;
    const key = normalise(segments);
    const m = memberShape(segments);
    const memberOf = m ? collections.get(normalise(segments.slice(0, m.lit + 1))) : undefined;
    let kind: RouteKind = 'document';
    let collection: Collection | undefined;
    let subField: string | undefined;
    const listEnvelope = envelopeOf(response, 'array');

    if (
      op.method === 'GET' &&
      lastLit !== undefined &&
      listEnvelope &&
      (collections.has(key) || collections.has(normalise(segments.slice(0, -1))) || true)
    ) {
      kind = 'list';
      collection =
        collections.get(key) ??
        (collections.get(normalise(segments.slice(0, -1))) && !isSubOfMember(segments)
          ? collections.get(normalise(segments.slice(0, -1)))
          : undefined);
      collection ??= collectionAt(op.service, segments, 1);
    } else if (memberOf && m && m.lit === segments.length - 1 - m.params) {
      collection = memberOf;
      kind =
        op.method === 'GET' || op.method === 'HEAD'
          ? 'show'
          : op.method === 'DELETE'
            ? 'delete'
            : op.method === 'POST'
              ? 'action'
              : 'update';
    } else if (op.method === 'POST' && collections.has(key)) {
      kind = 'create';
      collection = collections.get(key);
    } else {
      // Below a member: the member is the nearest collection along the template.
      const below = memberAlong(collections, segments);
      if (below) {
        collection = below.collection;
        const rest = segments.slice(below.end);
        const word = rest[0] && 'literal' in rest[0] ? rest[0].literal : undefined;
        const field = word ? (below.collection.item.children.get(word) ?? itemField(op, word)) : undefined;
        if (word && ACTION_WORDS.has(word)) kind = 'action';
        else if (word === 'file' || word === 'data' || word === 'upload') kind = 'upload';
        else if (word && rest.length === 2 && 'param' in rest[1]!) {
          subField = word;
          kind = field?.type === 'array' || word === 'tags' ? 'tag' : 'map-key';
        } else if (
          word &&
          rest.length === 1 &&
          (response.children.has(word) || request.children.has(word)) &&
          (field?.type === 'object' || /metadata|^meta$/.test(word)) &&
          !collections.has(key)
        ) {
          subField = word;
          kind = 'map';
        } else if (op.method === 'POST') kind = 'action';
        else kind = 'member-view';
      }
    }

    let envelope: string | undefined;
    let envelopeArray = false;
    let item: Node = response;
    if (kind === 'list') {
      envelope = listEnvelope;
      item = response.children.get(listEnvelope!)?.item ?? emptyNode('', '', 'object');
    } else if (kind === 'show' || kind === 'create' || kind === 'update') {
      envelope = envelopeOf(response, 'object');
      // The one top-level field typed as an array of objects (`software_deployment` typed Array on a
      // show): the member is shown as its one item, never as made-up values.
      const tops = [...response.children.values()].filter((n) => !isErrorNode(n));
      const one = tops.length === 1 ? tops[0]! : undefined;
      if (!envelope && one?.type === 'array' && one.item?.type === 'object' && one.item.children.size > 0) {
        envelope = one.name;
        envelopeArray = true;
        item = one.item;
      }
      if (envelopeArray) {
        // item set above
      } else if (
        envelope &&
        collection &&
        (collection.singular === undefined || collection.singular === envelope || kind === 'show')
      ) {
        item = response.children.get(envelope)!;
      } else if (envelope && collection?.singular && envelope !== collection.singular) {
        item = response.children.get(envelope)!;
      } else item = response;
    }
    const requestEnvelope = envelopeOf(request, 'object');
    if (collection) {
      if (kind === 'list' && envelope) collection.plural ??= envelope;
      if ((kind === 'show' || kind === 'create' || kind === 'update') && envelope) collection.singular ??= envelope;
      if (kind === 'create') collection.creatable = true;
      if (kind === 'list' || kind === 'show' || kind === 'create' || kind === 'update')
        merge(collection.item, cloneNode(item));
      if (kind === 'create' || kind === 'update') {
        const reqItem = requestEnvelope ? request.children.get(requestEnvelope)! : request;
        mergeRequest(collection.item, reqItem);
      }
    }
    const paging = new Set(op.queryParams.map((q) => q.name).filter((n) => PAGING_WORDS.has(n)));
    for (const p of op.pagination?.params ?? []) paging.add(p);
    routes.push({
      op,
      service: op.service,
      template: t.template,
      segments,
      kind,
      ...(collection ? { collection } : {}),
      ...(envelope ? { envelope } : {}),
      ...(envelopeArray ? { envelopeArray } : {}),
      item,
      response,
      request,
      ...(requestEnvelope ? { requestEnvelope } : {}),
      ...(subField ? { subField } : {}),
      successCode: successCode(op),
      ...(op.pagination ? { pagination: op.pagination } : {}),
      filters: [],
      paging,
      ...(t.query ? { fixedQuery: t.query } : {}),
    });
  }
  // Collections a list alone made (`…/stacks/{}/{}/events`) sit below their parent's members too.
  assignParents();
  // A collection nothing lists or creates is a document about what its path names where that is
  // not a member of its own: a resource of another kind the target cannot look up (Heat's
  // `software_deployments/metadata/{server_id}`: any server), or a name a document above it lists
  // (`resource_types/{type_name}`, 404 for a name that list does not hold). Its own members
  // (`types/{type_id}` where no page lists types) are seeded and an unknown one is 404.
  const documentAt = new Set(
    templates
      .filter((t) => t.op.method === 'GET' && !envelopeOf(treeOf(t.op.response), 'array'))
      .map((t) => normalise(t.segments)),
  );
  for (const c of collections.values()) {
    const mine = routes.filter((r) => r.collection === c);
    if (
      mine.length &&
      !routes.some((r) => r.collection && r.collection.parent === c) &&
      (documentAt.has(c.key)
        ? mine.every((r) => r.kind === 'show' || r.kind === 'member-view')
        : mine.every((r) => r.kind === 'show') && mine.some((r) => !namesOwnMember(r.segments, c)))
    ) {
      for (const r of mine) {
        r.kind = 'document';
        delete r.collection;
        r.item = r.response;
      }
      collections.delete(c.key);
    }
  }
  // A member field a map sub-resource edits (`…/{volume_id}/metadata`) is a map: every item that
  // documents it keeps the keys a client set, not only the ones its table names.
  for (const r of routes) {
    if ((r.kind !== 'map' && r.kind !== 'map-key') || !r.collection || !r.subField) continue;
    for (const other of routes) {
      if (other.collection !== r.collection) continue;
      const node = other.item.children.get(r.subField);
      if (node?.type === 'object') node.keepsKeys = true;
      const inCollection = r.collection.item.children.get(r.subField);
      if (inCollection?.type === 'object') inCollection.keepsKeys = true;
    }
  }
  // Filters once every item is known: a query parameter naming an item field (or its `~` form).
  for (const r of routes) {
    if (r.kind !== 'list' || !r.collection) continue;
    const names = (n: string) => r.collection!.item.children.has(n) || r.item.children.has(n);
    // A parameter documented as `a/b` (Heat's `status/stack_status`) is two spellings: each that names
    // an item field filters it.
    // A documented filter on an attribute no view shows (a stored column, the caller's membership)
    // filters too: the seeded members have no value for it, so any value matches none of them.
    r.filters = r.op.queryParams
      .flatMap((q) => (q.name.includes('/') ? q.name.split('/').map((n) => ({ ...q, name: n.trim() })) : [q]))
      .filter((q) => !r.paging.has(q.name) && !/^sort/.test(q.name))
      .filter(
        (q, _, all) =>
          !q.name.includes('/') &&
          (names(q.name.replace(/~$/, '')) || !all.some((o) => o !== q && o.source === q.source && names(o.name))),
      );
  }
  const literalCount = (r: Route) => r.segments.filter((s) => 'literal' in s).length;
  const byService = new Map<string, Route[]>();
  for (const r of routes) {
    const list = byService.get(r.service) ?? [];
    list.push(r);
    byService.set(r.service, list);
  }
  for (const list of byService.values())
    list.sort((a, b) => b.segments.length - a.segments.length || literalCount(b) - literalCount(a));
  const byOperation = new Map<string, Route[]>();
  for (const r of routes) byOperation.set(r.op.id, [...(byOperation.get(r.op.id) ?? []), r]);
  return { routes, collections, forService: (s) => byService.get(s) ?? [], byOperation };
}

/**
 * Whether the member parameters after a collection's literal name its own members: `types/{type_id}`,
 * `stacks/{stack_name}/{stack_id}`, `resources/{resource_name}`, `{id}`, `{key}`; not
 * `metadata/{server_id}`, which names a server.
 */
function namesOwnMember(segments: Segment[], c: Collection): boolean {
  const depth = c.key.split('/').filter(Boolean).length;
  const flat = (w: string) => w.toLowerCase().replace(/[^a-z0-9]/g, '');
  const own = flat(c.name)
    .replace(/(ies)$/, 'y')
    .replace(/(ses|xes|ches|shes)$/, (e) => e.slice(0, -2))
    .replace(/s$/, '');
  return segments.slice(depth, depth + c.memberParams).every((seg) => {
    const noun = 'param' in seg ? /^(.+?)(?:_id|_name|_uuid|_ref|Ref|Id)$/.exec(seg.param)?.[1] : undefined;
    return noun === undefined || own.endsWith(flat(noun).replace(/s$/, ''));
  });
}

function treeHasObject(n: Node): boolean {
  return n.children.size > 0;
}

function responseLooksLikeItem(op: Operation): boolean {
  return op.response.length > 0;
}

function isSubOfMember(segments: Segment[]): boolean {
  return segments.length >= 2 && 'param' in segments[segments.length - 2]!;
}

function itemField(op: Operation, word: string): Node | undefined {
  const tree = treeOf(op.response);
  return tree.children.get(word);
}

/** The deepest collection whose member the template passes through, and where its member params end. */
function memberAlong(
  collections: Map<string, Collection>,
  segments: Segment[],
): { collection: Collection; end: number } | undefined {
  for (let cut = segments.length - 1; cut > 0; cut--) {
    const c = collections.get(normalise(segments.slice(0, cut)));
    if (!c) continue;
    const params = segments.slice(cut, cut + c.memberParams);
    if (
      params.length === c.memberParams &&
      params.every((s) => 'param' in s) &&
      cut + c.memberParams < segments.length
    ) {
      return { collection: c, end: cut + c.memberParams };
    }
  }
  return undefined;
}

/** Request fields the item lacks become item fields (what a create stores is shown back). */
function mergeRequest(item: Node, req: Node): void {
  for (const [name, child] of req.children) {
    if (!item.children.has(name)) {
      const copy = cloneNode(child);
      copy.required = false;
      item.children.set(name, copy);
    }
  }
}

export function matchRoute(route: Route, parts: string[]): Record<string, string> | undefined {
  if (parts.length !== route.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const s = route.segments[i]!;
    if ('literal' in s) {
      if (s.literal !== parts[i]) return undefined;
    } else params[s.param] = decodeURIComponent(parts[i]!);
  }
  return params;
}

export const methodMatches = (route: Route, method: string): boolean =>
  route.op.method === (method as HttpMethod) || (method === 'HEAD' && route.op.method === 'GET');
