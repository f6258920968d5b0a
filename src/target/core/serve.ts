// The generic core: answers any catalog operation from the route table, the store and the service's
// habits. A request is matched against the service's URI templates; its kind (list, show, create …)
// decides what happens to the store; the body is the operation's documented response filled from the
// member. Errors use the service's fault body.
import type { Context } from 'hono';
import type { Catalog } from '../../catalog/model.ts';
import type { TargetContext } from '../context.ts';
import { send } from '../context.ts';
import type { ErrorResponse } from '../faults.ts';
import { readBody, parseJson } from '../body.ts';
import { microsOf, SEED_EPOCH, type Prng } from '../seed.ts';
import {
  buildRoutes,
  isErrorNode,
  matchRoute,
  methodMatches,
  normalise,
  type Collection,
  type Route,
  type RouteTable,
} from './routes.ts';
import { LazyMember, Store, Table, type Member, hash } from './store.ts';
import {
  ExampleIndex,
  idFormOf,
  idOf,
  isStatusNode,
  styleOfForm,
  valueOf,
  type IdForm,
  type ValueContext,
} from './values.ts';
import type { TimeStyle } from '../timestamps.ts';
import { atLeast, type Version } from '../microversion.ts';
import type { Node } from './tree.ts';
import { defaultHabit, type Habit } from './habits.ts';

const MAX_BODY = 1_048_576;
const MAX_LIMIT = 1000;

export interface Caller {
  projectId: string;
  userId: string;
}

export interface CoreOptions {
  sizes?: Record<string, number>;
  defaultProject: string;
}

type Json = Record<string, unknown>;

export class Core {
  readonly table: RouteTable;
  readonly store: Store;
  readonly examples: ExampleIndex;
  private readonly idForms = new Map<string, IdForm>();
  private readonly documents = new Map<string, unknown>();
  private readonly hidden = new Map<Collection, { name: string; values: string[] }[]>();
  private created = 0;

  constructor(
    private readonly ctx: TargetContext,
    catalog: Catalog,
    private readonly habits: Map<string, Habit>,
    opts: CoreOptions,
  ) {
    this.table = buildRoutes(catalog);
    this.examples = new ExampleIndex(catalog);
    this.store = new Store(
      (c, partition, projectId, count, rng) => this.seed(c, partition, projectId, count, rng),
      opts.sizes ?? {},
      opts.defaultProject,
    );
  }

  habit(service: string): Habit {
    return this.habits.get(service) ?? defaultHabit(service);
  }

  services(): string[] {
    return [...new Set(this.table.routes.map((r) => r.service))];
  }

  idForm(c: Collection): IdForm {
    let f = this.idForms.get(c.key);
    if (!f) {
      f = idFormOf(this.examples, c.singular, c.plural);
      this.idForms.set(c.key, f);
    }
    return f;
  }

  // ---------------------------------------------------------------- seeding

  /** How the service writes a timestamp of `node`: its documented form, the service's habit, the variant's zone. */
  timeStyle(service: string): (n: Node) => TimeStyle {
    const base = this.habit(service).timeStyle(this.ctx);
    const zone: TimeStyle['zone'] =
      base.zone === 'none'
        ? 'none'
        : this.ctx.variant('offset-plus-0200')
          ? { offsetMinutes: 120 }
          : this.ctx.variant('utc-plus-00-00')
            ? { offsetMinutes: 0 }
            : base.zone;
    const fallback: TimeStyle = { ...base, zone };
    return (n) => {
      const s = styleOfForm(n.timestamp?.documentedForm, fallback);
      return s.zone === 'Z' && zone !== 'Z' && zone !== 'none' ? { ...s, zone } : s;
    };
  }

  private valueContext(
    c: Collection,
    row: number,
    id: string,
    projectId: string,
    createdUs: number,
    updatedUs: number,
    hex: (p: string) => string,
  ): ValueContext {
    return {
      row,
      id,
      collection: c.name,
      projectId,
      createdUs,
      updatedUs,
      timeStyle: this.timeStyle(c.service),
      idForm: this.idForm(c),
      examples: this.examples,
      hex,
      settledStatus: this.settled(c),
    };
  }

  private settled(c: Collection): string | undefined {
    const habit = this.habit(c.service);
    const node = statusNode(c.item);
    if (!node) return undefined;
    if (node.enum) return habit.statusFlow.settled.find((s) => node.enum!.includes(s)) ?? node.enum[0];
    return habit.statusFlow.settled[0];
  }

  private transitional(c: Collection): string | undefined {
    const habit = this.habit(c.service);
    const node = statusNode(c.item);
    if (!node) return undefined;
    if (node.enum) return habit.statusFlow.transitional.find((s) => node.enum!.includes(s));
    return habit.statusFlow.transitional[0];
  }

  private seed(c: Collection, partition: string, projectId: string, count: number, rng: Prng): Member[] {
    const out: Member[] = [];
    const form = this.idForm(c);
    const salt = `${c.key}/${partition}/${rng.hex(8)}`;
    for (let row = 0; row < count; row++) {
      const uuid = rng.uuid();
      const id = form === 'uuid' ? uuid : uuid.replace(/-/g, '');
      const createdUs = SEED_EPOCH - (count - row) * 60_000_000 - rng.int(1_000_000);
      const updatedUs = createdUs + 1_000_000 + rng.int(60_000_000);
      const hidden = this.hiddenAttributes(c);
      const member = new LazyMember(id, createdUs, updatedUs, (m) => {
        const data = valueOf(
          c.item,
          this.valueContext(c, row, m.id, projectId, m.createdUs, m.updatedUs, (p) => hex32(`${salt}/${row}/${p}`)),
        ) as Json;
        // Attributes a filter names and the page does not show: one member in three holds one of the
        // documented values (a volume once migrated), the others none (never migrated).
        for (const h of hidden) if (row % 3 === 0) data[h.name] = h.values[(row / 3) % h.values.length];
        return data;
      });
      // An item without an id is addressed by its name (`resource_name`): that is its id.
      const key = keyField(c.item);
      if (key !== 'id' && key !== undefined && typeof member.data[key] === 'string')
        member.id = member.data[key] as string;
      out.push(member);
    }
    return out;
  }

  /**
   * The attributes a service that filters on attributes (Cinder) keeps beside the documented item:
   * a list's query parameters with documented values that name no field of the item.
   */
  private hiddenAttributes(c: Collection): { name: string; values: string[] }[] {
    let found = this.hidden.get(c);
    if (found) return found;
    found = [];
    if (this.habit(c.service).filtersOnAttributes) {
      for (const r of this.table.routes) {
        if (r.collection !== c || r.kind !== 'list') continue;
        for (const q of r.op.queryParams) {
          if (!q.enum?.length || q.name.endsWith('~') || r.paging.has(q.name) || c.item.children.has(q.name)) continue;
          if (!found.some((h) => h.name === q.name)) found.push({ name: q.name, values: q.enum });
        }
      }
    }
    this.hidden.set(c, found);
    return found;
  }

  // ---------------------------------------------------------------- dispatch

  /** Routes of `service` whose template matches `parts`; undefined when none does. */
  match(
    service: string,
    method: string,
    parts: string[],
  ): { route: Route; params: Record<string, string>; siblings: Route[] } | { allowed: string[] } | undefined {
    const allowed: string[] = [];
    let found: { route: Route; params: Record<string, string>; siblings: Route[] } | undefined;
    for (const route of this.table.forService(service)) {
      const params = matchRoute(route, parts);
      if (!params) continue;
      if (methodMatches(route, method)) {
        // Several operations on one template (`…/action` keyed by the body): the first, with its siblings.
        if (!found) found = { route, params, siblings: [route] };
        else if (found.route.template === route.template) found.siblings.push(route);
      } else allowed.push(route.op.method);
    }
    if (found) return found;
    return allowed.length ? { allowed: [...new Set(allowed)] } : undefined;
  }

  /**
   * Members a service module makes as a side effect, put into the collection a list path names
   * (Heat: a stack's resources and events, from its template). Each item overlays a member made like a
   * create's; an item's own `id` is kept. With `replace`, the partition's seeded members go first.
   */
  put(service: string, path: string, projectId: string, items: Json[], replace: boolean): Member[] {
    const parts = path.split('/').filter(Boolean);
    const m = this.match(service, 'GET', parts);
    if (!m || 'allowed' in m || m.route.kind !== 'list' || !m.route.collection) return [];
    const { route } = m;
    const col = route.collection!;
    const colDepth = col.key.split('/').filter(Boolean).length;
    const partition = parts
      .slice(0, colDepth)
      .filter((_, i) => 'param' in route.segments[i]!)
      .join('/');
    const table = this.store.table(col, partition, projectId);
    if (replace) for (const old of [...table.members]) table.remove(old.id);
    return items.map((item) => {
      const member = this.newMember(col, route, {}, projectId);
      overlay(member.data, item, col.item);
      delete member.settlesTo;
      if (typeof item.id === 'string') {
        member.id = item.id;
        if ('id' in member.data) member.data.id = item.id;
      } else {
        const key = keyField(col.item);
        if (key && key !== 'id' && typeof member.data[key] === 'string') member.id = member.data[key] as string;
      }
      table.add(member);
      return member;
    });
  }

  async handle(c: Context, service: string, parts: string[], caller: Caller): Promise<Response | undefined> {
    const m = this.match(service, c.req.method, parts);
    if (!m) return undefined;
    const habit = this.habit(service);
    const accept = c.req.header('accept');
    const fail = (code: number, message: string): Response => send(c, habit.fault(this.ctx, code, message, accept));
    if ('allowed' in m) {
      const e = habit.fault(this.ctx, 405, `The method ${c.req.method} is not allowed for this resource.`, accept);
      return send(c, { ...e, headers: { ...(e.headers ?? {}), Allow: m.allowed.join(', ') } });
    }
    let { route } = m;
    const { params } = m;
    // An action is chosen by its body's key among the operations sharing the template.
    let preread: unknown | Response | undefined;
    if (m.siblings.length > 1 && route.kind === 'action') {
      const read = await readBody(c, MAX_BODY);
      const parsed = read.kind === 'ok' ? parseJson(read.text) : undefined;
      const keys = parsed?.ok && parsed.value && typeof parsed.value === 'object' ? Object.keys(parsed.value) : [];
      route = m.siblings.find((r) => keys.includes(actionName(r) ?? '\u0000')) ?? route;
      c.set('rawBody', read);
      preread = read;
    }
    c.set('operation', route.op.id);
    void preread;
    const on = (name: string) => this.ctx.defectOn(name, route.op.id);
    const url = new URL(c.req.url);
    const col = route.collection;
    if (!col) {
      if (route.kind === 'document' && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
        const body = await this.body(c, route, fail);
        if (body instanceof Response) return body;
      }
      const unnamed = this.unlisted(route, parts, url.origin, caller.projectId);
      if (unnamed)
        return on('unknown-id-200')
          ? this.reply(c, route, this.document(route, url.origin, caller.projectId))
          : fail(404, unnamed);
      return this.reply(c, route, this.document(route, url.origin, caller.projectId));
    }
    // The partition: scope and parent path parameters before the collection's own.
    const colDepth = col.key.split('/').filter(Boolean).length;
    const partition = parts
      .slice(0, colDepth)
      .filter((_, i) => 'param' in route.segments[i]!)
      .join('/');
    if (col.parent) {
      const pDepth = col.parent.key.split('/').filter(Boolean).length;
      const pPartition = parts
        .slice(0, pDepth)
        .filter((_, i) => 'param' in route.segments[i]!)
        .join('/');
      const parentKeys = parts.slice(pDepth, pDepth + col.parent.memberParams);
      const parent = this.store.table(col.parent, pPartition, caller.projectId).find(parentKeys);
      if (!parent) return fail(404, `${singularWord(col.parent)} ${parentKeys.join('/')} could not be found.`);
    }
    const table = this.store.table(col, partition, caller.projectId);
    const memberKeys = parts.slice(colDepth, colDepth + col.memberParams);
    const findMember = (): Member | undefined => {
      const found = table.find(memberKeys);
      if (found) settle(found);
      return found;
    };
    const missing = (): Response => {
      if (on('unknown-id-500')) return fail(500, 'Unexpected error.');
      if (on('unknown-id-200')) {
        const fake = this.seed(col, partition, caller.projectId, 1, this.ctx.rng)[0]!;
        fake.id = memberKeys.at(-1) ?? fake.id;
        return this.reply(
          c,
          route,
          this.wrap(route, this.render(route.item, fake, url.origin, c.req.path, c.get('version'))),
          200,
        );
      }
      return fail(404, `${singularWord(col)} ${memberKeys.join('/')} could not be found.`);
    };

    switch (route.kind) {
      case 'list':
        return this.list(c, route, table, url, caller, fail);
      case 'show': {
        const member = findMember();
        if (!member) return missing();
        return this.reply(
          c,
          route,
          this.wrap(
            route,
            this.render(
              route.item,
              member,
              url.origin,
              memberPath(c.req.path, parts, colDepth + col.memberParams),
              c.get('version'),
            ),
          ),
        );
      }
      case 'create': {
        const body = await this.body(c, route, fail);
        if (body instanceof Response) return body;
        const member = this.newMember(col, route, body, caller.projectId);
        if (!on('create-not-persisted')) table.add(member);
        const self = `${c.req.path.replace(/\/$/, '')}/${member.id}`;
        const out = this.wrap(route, this.render(route.item, member, url.origin, self, c.get('version')));
        const settleTo = this.settled(col);
        if (member.settlesTo === undefined && settleTo && route.successCode === 202) {
          // shown as created, settled on the next read
        }
        return this.reply(c, route, out);
      }
      case 'update': {
        const member = findMember();
        if (!member) return missing();
        // A JSON-patch body (Glance v2) comes with one of its media types, as an array.
        const form = (route.op as { requestBodyForm?: { kind: string; mediaTypes: string[] } }).requestBodyForm;
        if (form?.kind === 'json-patch') {
          const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
          if (!form.mediaTypes.map((m) => m.toLowerCase()).includes(type))
            return fail(415, `Unsupported Content-Type ${type || '(none)'}; use ${form.mediaTypes.join(' or ')}.`);
        }
        const body = await this.body(c, route, fail);
        if (form?.kind === 'json-patch' && !(body instanceof Response) && !Array.isArray(body))
          return fail(400, 'A JSON-patch body is an array of operations.');
        if (body instanceof Response) return body;
        const next = structuredClone(member.data);
        const patch = Array.isArray(body) ? body : undefined;
        if (patch) {
          const bad = applyJsonPatch(next, patch, col.item);
          if (bad) return fail(400, bad);
        } else overlay(next, unwrap(route, body), col.item);
        const now = microsOf(this.ctx.now());
        const target = on('update-not-applied') ? { ...member, data: structuredClone(member.data) } : member;
        target.data = next;
        target.updatedUs = now;
        target.updated = true;
        stampUpdated(target, col.item, this.valueStyle(col));
        if (on('id-changes-on-update')) {
          const moved = idOf(this.idForm(col), hex32(`${member.id}/moved`));
          // A member addressed by a name field (a stack's resource) moves with that name.
          const key = keyField(col.item);
          if (key && key !== 'id' && typeof member.data[key] === 'string') member.data[key] = moved;
          table.rename(member, moved);
        }
        const self = memberPath(c.req.path, parts, colDepth + col.memberParams);
        return this.reply(
          c,
          route,
          this.wrap(route, this.render(route.item, target, url.origin, self, c.get('version'))),
        );
      }
      case 'delete': {
        const member = findMember();
        if (!member) return missing();
        if (!on('delete-not-applied')) table.remove(member.id);
        return this.reply(c, route, undefined);
      }
      case 'action': {
        const member = findMember();
        if (!member) return missing();
        const body = await this.body(c, route, fail);
        if (body instanceof Response) return body;
        const bad = this.act(col, route, member, body);
        if (bad) return fail(400, bad);
        return this.reply(c, route, this.document(route, url.origin, caller.projectId));
      }
      case 'map':
      case 'map-key':
      case 'tag':
        return this.sub(c, route, findMember, missing, parts.slice(colDepth + col.memberParams + 1), fail);
      case 'upload': {
        const member = findMember();
        if (!member) return missing();
        const read = await readBody(c, 64 * MAX_BODY);
        if (read.kind === 'too-large') return fail(413, 'Image too large.');
        if (!on('update-not-applied')) {
          const status = statusNode(col.item);
          if (status) member.data[status.name] = this.settled(col) ?? member.data[status.name];
          if (col.item.children.get('size')?.type === 'integer') member.data.size = Buffer.byteLength(read.text);
          member.updatedUs = microsOf(this.ctx.now());
          stampUpdated(member, col.item, this.valueStyle(col));
        }
        return this.reply(c, route, undefined);
      }
      case 'member-view': {
        const member = findMember();
        if (!member) return missing();
        return this.reply(c, route, this.document(route, url.origin, caller.projectId));
      }
      default:
        return this.reply(c, route, this.document(route, url.origin, caller.projectId));
    }

    function settle(m: Member): void {
      if (m.settlesTo) {
        m.data[m.settlesTo.field] = m.settlesTo.value;
        delete m.settlesTo;
      }
    }
  }

  private valueStyle(c: Collection) {
    return this.timeStyle(c.service);
  }

  /** The success reply: documented code, JSON body when the operation documents one. */
  private reply(c: Context, route: Route, body: unknown, code = route.successCode): Response {
    const status = code;
    if (body === undefined || status === 204 || c.req.method === 'HEAD' || successBody(route) === undefined)
      return c.body(null, status as never);
    return c.body(JSON.stringify(body), status as never, { 'Content-Type': 'application/json' });
  }

  private async body(
    c: Context,
    route: Route,
    fail: (code: number, message: string) => Response,
  ): Promise<unknown | Response> {
    const read =
      (c.get('rawBody') as Awaited<ReturnType<typeof readBody>> | undefined) ?? (await readBody(c, MAX_BODY));
    if (read.kind === 'too-large') return fail(413, `Request body of ${read.length} bytes is larger than ${MAX_BODY}.`);
    const lax = this.ctx.defectOn('bad-body-accepted', route.op.id);
    if (read.text.trim() === '') {
      if (route.request.children.size === 0 || lax) return {};
      return fail(400, 'The request body is empty; a JSON body is expected.');
    }
    const parsed = parseJson(read.text);
    if (!parsed.ok) return fail(400, `Malformed JSON in request body: ${parsed.message}`);
    if (lax) return parsed.value ?? {};
    if (Array.isArray(parsed.value)) return parsed.value; // JSON patch; checked when applied
    if (typeof parsed.value !== 'object' || parsed.value === null)
      return fail(400, 'The request body must be a JSON object.');
    // An action key may carry null (`{"cancel_update": null}`, `{"check": null}`), as Heat's actions do.
    const action = route.kind === 'action' ? actionName(route) : undefined;
    const value =
      action && (parsed.value as Json)[action] === null ? { ...(parsed.value as Json), [action]: {} } : parsed.value;
    const bad = validate(route.request, value, '');
    if (bad) return fail(400, `Invalid input: ${bad}`);
    return parsed.value;
  }

  private newMember(col: Collection, route: Route, body: unknown, projectId: string): Member {
    const n = this.created++;
    const id = idOf(this.idForm(col), hex32(`created/${col.key}/${n}/${this.ctx.rng.hex(8)}`));
    const now = microsOf(this.ctx.now());
    const data = valueOf(
      col.item,
      this.valueContext(col, n, id, projectId, now, now, (p) => hex32(`${id}/${p}`)),
    ) as Json;
    overlay(data, unwrap(route, body), col.item);
    data.id !== undefined && (data.id = id);
    const key = keyField(col.item);
    const member: Member = {
      id: key !== 'id' && key !== undefined && typeof data[key] === 'string' ? (data[key] as string) : id,
      data,
      createdUs: now,
      updatedUs: now,
      updated: false,
    };
    const status = statusNode(col.item);
    const first = this.transitional(col);
    const settled = this.settled(col);
    if (
      status &&
      (route.successCode === 202 || this.habit(col.service).settleOnCreate) &&
      first &&
      settled &&
      first !== settled
    ) {
      data[status.name] = first;
      member.settlesTo = { field: status.name, value: settled };
    } else if (
      status &&
      this.habit(col.service).statusFlow.transitional.includes('queued') &&
      route.successCode === 201 &&
      status.enum?.includes('queued')
    ) {
      data[status.name] = 'queued';
    }
    return member;
  }

  private act(col: Collection, route: Route, member: Member, body: unknown): string | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The action body must be a JSON object.';
    const names = Object.keys(body);
    const documented = [
      ...new Set([...(actionName(route) ? [actionName(route)!] : []), ...route.request.children.keys()]),
    ];
    const name = names.find((n) => documented.includes(n)) ?? (documented.length === 0 ? names[0] : undefined);
    if (documented.length && !name) return `Unknown action ${names.join(', ')}; documented: ${documented.join(', ')}.`;
    if (this.ctx.defectOn('update-not-applied', route.op.id) || !name) return undefined;
    const habit = this.habit(col.service);
    const args = (body as Json)[name];
    const effects = habit.actionEffects[name];
    if (args && typeof args === 'object' && !Array.isArray(args)) {
      for (const [k, v] of Object.entries(args as Json)) {
        const target = effects?.[k] ?? k;
        setPath(member.data, target, v, col.item);
      }
    }
    const status = statusNode(col.item);
    const moved = habit.actionStatus?.[name];
    if (status && moved) member.data[status.name] = moved;
    member.updatedUs = microsOf(this.ctx.now());
    member.updated = true;
    stampUpdated(member, col.item, this.valueStyle(col));
    return undefined;
  }

  private async sub(
    c: Context,
    route: Route,
    findMember: () => Member | undefined,
    missing: () => Response,
    rest: string[],
    fail: (code: number, message: string) => Response,
  ): Promise<Response> {
    const member = findMember();
    if (!member) return missing();
    const field = route.subField!;
    const env = [...route.response.children.keys()][0];
    const method = c.req.method;
    const applied = !this.ctx.defectOn('update-not-applied', route.op.id);
    if (route.kind === 'tag') {
      const tag = decodeURIComponent(rest[0] ?? '');
      const list = Array.isArray(member.data[field]) ? (member.data[field] as unknown[]) : [];
      if (method === 'DELETE') {
        if (!list.includes(tag)) return fail(404, `Tag ${tag} not found.`);
        if (applied) member.data[field] = list.filter((t) => t !== tag);
      } else if (applied && !list.includes(tag)) member.data[field] = [...list, tag];
      return this.reply(c, route, route.response.children.size ? this.wrapSub(route, tag) : undefined);
    }
    const map = (member.data[field] && typeof member.data[field] === 'object' ? member.data[field] : {}) as Record<
      string,
      unknown
    >;
    if (route.kind === 'map-key') {
      const key = decodeURIComponent(rest[0] ?? '');
      if (method === 'DELETE') {
        if (!(key in map)) return fail(404, `Metadata key ${key} not found.`);
        if (applied) delete map[key];
        member.data[field] = map;
        return this.reply(c, route, route.response.children.size ? {} : undefined);
      }
      if (method === 'PUT' || method === 'POST') {
        const body = await this.body(c, route, fail);
        if (body instanceof Response) return body;
        const inner = (route.requestEnvelope ? (body as Json)[route.requestEnvelope] : body) as Json | undefined;
        if (!inner || typeof inner !== 'object' || !(key in inner))
          return fail(400, `Request body and URI mismatch: key ${key} expected.`);
        if (applied) map[key] = inner[key];
        member.data[field] = map;
        return this.reply(c, route, env ? { [env]: { [key]: inner[key] } } : undefined);
      }
      if (!(key in map)) return fail(404, `Metadata key ${key} not found.`);
      return this.reply(c, route, env ? { [env]: { [key]: map[key] } } : { [key]: map[key] });
    }
    if (method === 'POST' || method === 'PUT') {
      const body = await this.body(c, route, fail);
      if (body instanceof Response) return body;
      const inner = (route.requestEnvelope ? (body as Json)[route.requestEnvelope] : body) as Json | undefined;
      if (!inner || typeof inner !== 'object' || Array.isArray(inner))
        return fail(400, 'Malformed request body: an object of keys is expected.');
      if (applied) member.data[field] = method === 'PUT' ? { ...inner } : { ...map, ...inner };
    }
    return this.reply(c, route, env ? { [env]: member.data[field] ?? {} } : member.data[field]);
  }

  private wrapSub(route: Route, value: unknown): unknown {
    const env = [...route.response.children.keys()][0];
    return env ? { [env]: value } : value;
  }

  private wrap(route: Route, item: unknown): unknown {
    if (!route.envelope) return item;
    const out: Json = { [route.envelope]: route.envelopeArray ? [item] : item };
    // Other top-level fields of a member response (rare): generated.
    for (const [k, n] of route.response.children)
      if (k !== route.envelope && !isErrorNode(n)) out[k] = this.generated(n, route);
    return out;
  }

  private generated(n: Node, route: Route): unknown {
    const col = route.collection;
    const vc: ValueContext = {
      row: 0,
      id: idOf('uuid', hex32(route.op.id)),
      collection: col?.name ?? route.op.id,
      projectId: '',
      createdUs: SEED_EPOCH,
      updatedUs: SEED_EPOCH,
      timeStyle: this.timeStyle(route.service),
      idForm: 'uuid',
      examples: this.examples,
      hex: (p) => hex32(`${route.op.id}/${p}`),
    };
    return valueOf(n, vc);
  }

  /** A document: the documented response, generated once per operation and project, hrefs on this origin. */
  /**
   * Why a document about one named thing does not exist: its path names a value (`{type_name}`) that a
   * list of names on the path above (`…/resource_types`, a list of strings) does not hold. Undefined
   * when it is listed, or when no such list exists.
   */
  private unlisted(route: Route, parts: string[], origin: string, projectId: string): string | undefined {
    const at = route.segments.findIndex(
      (seg) => 'param' in seg && seg.param !== 'project_id' && seg.param !== 'tenant_id',
    );
    if (at < 0 || parts[at] === undefined) return undefined;
    const above = `/${route.segments
      .slice(0, at)
      .map((seg) => ('literal' in seg ? seg.literal : `{${seg.param}}`))
      .join('/')}`;
    const list = this.table
      .forService(route.service)
      .find((r) => r.kind === 'document' && r.op.method === 'GET' && r.template === above);
    if (!list) return undefined;
    const doc = this.document(list, origin, projectId);
    // A list of names, or of objects each named by its `id` (the versions of a versions document).
    const nameOf = (x: unknown): string | undefined =>
      typeof x === 'string'
        ? x
        : x && typeof x === 'object' && typeof (x as Json).id === 'string'
          ? ((x as Json).id as string)
          : undefined;
    const listed =
      doc && typeof doc === 'object'
        ? Object.values(doc as Json).find((v) => Array.isArray(v) && v.length > 0 && v.every((x) => nameOf(x)))
        : undefined;
    if (!Array.isArray(listed)) return undefined;
    const names = listed.map(nameOf);
    const value = decodeURIComponent(parts[at]!);
    const seg = route.segments[at] as { param: string };
    return names.includes(value) ? undefined : `${seg.param} ${value} could not be found.`;
  }

  private document(route: Route, origin: string, projectId: string): unknown {
    if (successBody(route) === undefined) return undefined;
    const key = `${route.op.id}\u0000${projectId}`;
    let doc = this.documents.get(key);
    if (doc === undefined) {
      const vc: ValueContext = {
        row: 0,
        id: idOf('uuid', hex32(route.op.id)),
        collection: route.op.id,
        projectId,
        createdUs: SEED_EPOCH,
        updatedUs: SEED_EPOCH,
        timeStyle: this.timeStyle(route.service),
        idForm: 'uuid',
        examples: this.examples,
        hex: (p) => hex32(`${route.op.id}/${p}`),
        preferExamples: true,
      };
      doc = valueOf(successBody(route)!, vc);
      this.documents.set(key, doc);
    }
    return fillHrefs(structuredClone(doc), `${origin}${this.habit(route.service).prefix}`);
  }

  /** A member as `node` documents it. */
  render(node: Node, member: Member, origin: string, selfPath: string, version?: Version): unknown {
    const out = project(node, member.data, {
      origin,
      selfPath,
      id: member.id,
      updated: member.updated,
      ...(version ? { version } : {}),
    });
    // A legal choice: undocumented keys beside the documented ones.
    if (this.ctx.variant('extra-response-fields') && out && typeof out === 'object' && !Array.isArray(out))
      (out as Json)['x-vendor-extra'] = 'undocumented';
    return out;
  }

  // ---------------------------------------------------------------- lists

  private list(
    c: Context,
    route: Route,
    table: Table,
    url: URL,
    caller: Caller,
    fail: (code: number, message: string) => Response,
  ): Response {
    const q = url.searchParams;
    const on = (name: string) => this.ctx.defectOn(name, route.op.id);
    const col = route.collection!;
    let limit = MAX_LIMIT;
    if (route.paging.has('limit') && q.has('limit')) {
      const raw = q.get('limit')!.trim();
      if (!/^\d+$/.test(raw)) return fail(400, `limit must be a non-negative integer, got "${raw}"`);
      limit = Math.min(Number(raw), MAX_LIMIT);
    }
    if (on('limit-ignored')) limit = MAX_LIMIT;
    let offset = 0;
    if (route.paging.has('offset') && q.has('offset')) {
      const raw = q.get('offset')!.trim();
      if (!/^\d+$/.test(raw)) return fail(400, `offset must be a non-negative integer, got "${raw}"`);
      offset = Number(raw);
    }
    // A query parameter the page types as a number (`size_min`, `min_ram`) refuses a value that is none,
    // also where it filters no field an item shows.
    for (const p of route.op.queryParams) {
      if (p.in !== 'query' || route.paging.has(p.name) || (p.type !== 'integer' && p.type !== 'number')) continue;
      const raw = q.get(p.name);
      if (raw === null) continue;
      const ok = p.type === 'integer' ? /^-?\d+$/.test(raw.trim()) : raw.trim() !== '' && Number.isFinite(Number(raw));
      if (!ok && !on('filter-ignored'))
        return fail(400, `${p.name} must be ${p.type === 'integer' ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    // Cinder from RESOURCE_FILTER (3.31): a query key the page does not document is refused.
    const version = c.get('version') as Version | undefined;
    if (this.habit(route.service).strictFilters && version && atLeast(version, '3.31')) {
      const known = new Set([
        ...route.op.queryParams.map((p) => p.name),
        ...route.paging,
        ...(route.fixedQuery ? [...route.fixedQuery.keys()] : []),
        'all_tenants',
      ]);
      const unknown = [...new Set(q.keys())].filter((k) => !known.has(k));
      if (unknown.length) return fail(400, `Invalid filters ${unknown.join(', ')} are found in query options.`);
    }
    // Filters: exact, or `name~` substring (case-insensitive); a filter documented from a later microversion is ignored before it.
    const tests: ((m: Member) => boolean)[] = [];
    const habit = this.habit(route.service);
    const filters = habit.filtersOnAttributes
      ? [
          ...route.filters,
          ...route.op.queryParams.filter(
            (p) =>
              p.in === 'query' &&
              !route.paging.has(p.name) &&
              !route.filters.includes(p) &&
              !(route.fixedQuery?.has(p.name) ?? false),
          ),
        ]
      : route.filters;
    for (const f of filters) {
      const value = q.get(f.name);
      if (value === null) continue;
      if (f.sinceMicroversion && version && !atLeast(version, f.sinceMicroversion)) continue;
      if (on('filter-ignored')) continue;
      const named = f.name.replace(/~$/, '');
      const field = habit.filterFields?.[named] ?? named;
      const like = f.name.endsWith('~');
      const node = col.item.children.get(field);
      if (node?.type === 'integer' && !like && !/^-?\d+$/.test(value))
        return fail(400, `Invalid value "${value}" for filter ${f.name}: an integer is expected.`);
      if (node?.type === 'boolean' && !/^(true|false|1|0|yes|no)$/i.test(value))
        return fail(400, `Invalid value "${value}" for filter ${f.name}: a boolean is expected.`);
      if (f.enum && !like && !f.enum.includes(value) && node?.enum) {
        // An undocumented value matches nothing (upstream filters by value, it does not refuse).
      }
      const invert = on('filter-inverted');
      const asText = (v: unknown) =>
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      const norm = (s: string) => (node?.type === 'boolean' ? String(/^(true|1|yes)$/i.test(s)) : s);
      // A map field (metadata) is asked for with a dict (`{"k": "v"}` or `{'k': 'v'}`): every key given
      // holds the value given. A value that is no dict matches nothing.
      const wanted = node?.type === 'object' && !like ? dictOf(value) : undefined;
      // A singular filter of an array field (`tag` for `tags`) tests membership.
      const plural = !node && col.item.children.get(`${field}s`)?.type === 'array' ? `${field}s` : undefined;
      tests.push((m) => {
        if (plural && !like) {
          const list = m.data[plural];
          return (Array.isArray(list) && list.some((x) => asText(x) === value)) !== invert;
        }
        const stored = m.data[field];
        let hit: boolean;
        if (node?.type === 'object' && !like) {
          const have = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Json) : undefined;
          hit =
            wanted !== undefined &&
            have !== undefined &&
            Object.entries(wanted).every(([k, x]) => k in have && asText(have[k]) === asText(x));
        } else {
          if (stored === undefined || stored === null) return invert; // no attribute: matches nothing
          const v = asText(stored);
          hit = like ? v.toLowerCase().includes(value.toLowerCase()) : norm(v) === norm(value);
        }
        return hit !== invert;
      });
    }
    // Sort: `sort=key:dir,…` or sort_key/sort_dir on item fields; newest first by default.
    const sorts: { key: string; dir: 'asc' | 'desc' }[] = [];
    if (route.paging.has('sort') && q.get('sort')) {
      for (const part of q.get('sort')!.split(',')) {
        const [key = '', dir = 'desc'] = part.split(':').map((s) => s.trim());
        if (dir !== 'asc' && dir !== 'desc')
          return fail(400, `Unknown sort direction "${dir}", must be "desc" or "asc".`);
        sorts.push({ key, dir });
      }
    } else if (
      (route.paging.has('sort_key') || route.paging.has('sort_keys') || route.paging.has('sort_dir')) &&
      (q.has('sort_key') || q.has('sort_keys') || q.has('sort_dir'))
    ) {
      const dir = (q.get('sort_dir') ?? 'desc').trim();
      if (dir !== 'asc' && dir !== 'desc')
        return fail(400, `Unknown sort direction "${dir}", must be "desc" or "asc".`);
      const named = [...q.getAll('sort_key'), ...q.getAll('sort_keys')]
        .flatMap((k) => k.split(','))
        .map((k) => k.trim());
      for (const key of named.length ? named.filter(Boolean) : ['created_at']) sorts.push({ key, dir });
    }
    if (on('sort-ignored')) sorts.length = 0;
    for (const s of sorts) {
      if (s.key !== 'created_at' && s.key !== 'id' && !col.item.children.has(s.key))
        return fail(400, `Invalid sort key "${s.key}".`);
    }
    let rows = tests.length ? table.members.filter((m) => tests.every((t) => t(m))) : table.members;
    const value = (m: Member, key: string): string | number =>
      key === 'created_at' ? m.createdUs : key === 'id' ? m.id : ((m.data[key] as string) ?? '');
    const keys = sorts.length
      ? [...sorts, { key: 'id', dir: sorts.at(-1)!.dir }]
      : [
          { key: 'created_at', dir: 'desc' as const },
          { key: 'id', dir: 'desc' as const },
        ];
    // Members are kept oldest first, so the default order (newest first) needs no sort.
    if (!sorts.length) rows = rows === table.members ? rows.slice().reverse() : rows.reverse();
    else
      rows = rows.slice().sort((a, b) => {
        for (const s of keys) {
          const x = value(a, s.key);
          const y = value(b, s.key);
          if (x !== y) return (x < y ? -1 : 1) * (s.dir === 'asc' ? 1 : -1);
        }
        return 0;
      });
    let start = 0;
    const rawMarker = q.get('marker');
    if (route.paging.has('marker') && rawMarker !== null && !on('marker-ignored')) {
      const at = rows.findIndex((m) => m.id === rawMarker);
      if (at < 0) {
        const code =
          route.op.statusCodes.some((s) => s.code === 404) && !route.op.statusCodes.some((s) => s.code === 400)
            ? 404
            : 400;
        return fail(code, `Marker ${rawMarker} could not be found.`);
      }
      start = at + 1;
    }
    start += offset;
    const page = rows.slice(start, start + limit);
    const more = start + page.length < rows.length;
    for (const m of page) {
      if (m.settlesTo) {
        m.data[m.settlesTo.field] = m.settlesTo.value;
        delete m.settlesTo;
      }
    }
    const self = url.pathname.replace(/\/(detail|summary)$/, '');
    const items = page.map((m) => this.render(route.item, m, url.origin, `${self}/${m.id}`, c.get('version')));
    const body: Json = {};
    for (const [k, n] of route.response.children) {
      if (k === route.envelope) body[k] = items;
      else if (isErrorNode(n)) continue;
      else if (k === 'count' || k === 'next' || k === route.pagination?.linksField || /_links$/.test(k)) continue;
      else body[k] = fillHrefs(this.generated(n, route), `${url.origin}${this.habit(route.service).prefix}`);
    }
    const withCount = route.op.queryParams.find((p) => p.name === 'with_count');
    const countOn =
      withCount && !(withCount.sinceMicroversion && version && !atLeast(version, withCount.sinceMicroversion));
    // The count with_count asks for, also where the response table leaves it out (the parameter says
    // the answer holds it).
    if (countOn && /^(true|1|yes|on|t|y)$/i.test(q.get('with_count') ?? '')) {
      body.count = rows.length;
    }
    // The next link: exactly when more items follow a full page.
    let markerMember = page.at(-1);
    if (on('next-link-skips') && markerMember) markerMember = rows[start + page.length] ?? markerMember;
    const wantsLink = more && page.length > 0 && page.length >= Math.min(limit, MAX_LIMIT) && !on('next-link-missing');
    if (wantsLink && markerMember) {
      const params = new URLSearchParams(q);
      params.delete('marker');
      params.delete('offset');
      params.append('marker', markerMember.id);
      let href = `${url.origin}${url.pathname}?${params.toString()}`;
      if (on('next-link-loop')) href = url.toString();
      if (on('next-link-other-host')) href = href.replace(url.origin, 'http://elsewhere.example.invalid');
      const linksField =
        route.pagination?.linksField ?? [...route.response.children.keys()].find((k) => /_links$/.test(k));
      if (linksField) body[linksField] = [{ rel: route.pagination?.rel ?? 'next', href }];
      else if (route.response.children.has('next'))
        body.next =
          on('next-link-other-host') || on('next-link-loop')
            ? href
            : href.slice(url.origin.length).replace(this.habit(route.service).prefix, '');
    }
    void caller;
    return this.reply(c, route, body);
  }
}

// ---------------------------------------------------------------- helpers

/** The documented success body: the response without a documented `error` object; undefined when nothing is left. */
function successBody(route: Route): Node | undefined {
  if ((route.op as { noResponseBody?: boolean }).noResponseBody) return undefined;
  const kept = [...route.response.children].filter(([, n]) => !isErrorNode(n));
  if (kept.length === 0) return undefined;
  return kept.length === route.response.children.size ? route.response : { ...route.response, children: new Map(kept) };
}

/** The field that names a member: `id`, else the first `…name` field; undefined when neither is documented. */
function keyField(item: Node): string | undefined {
  if (item.children.has('id')) return 'id';
  return [...item.children.values()].find((n) => n.type === 'string' && /name$/i.test(n.name))?.name;
}

/** The body key naming an action: the catalog's `action`, else the request's only top-level key. */
function actionName(route: Route): string | undefined {
  const named = (route.op as { action?: string }).action;
  if (named) return named;
  const keys = [...route.request.children.keys()];
  return keys.length === 1 ? keys[0] : undefined;
}

function statusNode(item: Node): Node | undefined {
  return item.children.get('status') ?? [...item.children.values()].find((n) => isStatusNode(n));
}

function singularWord(c: Collection): string {
  const w = c.singular ?? c.name.replace(/s$/, '');
  return w.charAt(0).toUpperCase() + w.slice(1);
}

function memberPath(path: string, parts: string[], end: number): string {
  const segs = path.split('/').filter(Boolean);
  return '/' + segs.slice(0, segs.length - parts.length + end).join('/');
}

export function hex32(s: string): string {
  let out = '';
  for (let i = 0; out.length < 32; i++) out += hash(`${i}:${s}`).toString(16).padStart(8, '0');
  return out.slice(0, 32);
}

function unwrap(route: Route, body: unknown): Json {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const inner = route.requestEnvelope ? (body as Json)[route.requestEnvelope] : body;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : {};
}

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;
const fits = (v: unknown, type: string): boolean => {
  const t = typeOf(v);
  return t === type || (type === 'number' && t === 'integer');
};

/** Mandatory fields, JSON types and documented values of a request body, at every depth. */
export function validate(node: Node, value: unknown, at: string): string | undefined {
  if (node.children.size === 0) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `${at || 'the body'} must be an object`;
  for (const [name, child] of node.children) {
    const v = (value as Json)[name];
    const where = at ? `${at}.${name}` : name;
    if (v === undefined || (v === null && !child.nullable)) {
      if (child.required) return `"${where}" is mandatory`;
      continue;
    }
    if (!fits(v, child.type) && !(child.type === 'object' && child.children.size === 0 && typeOf(v) === 'object'))
      return `"${where}" must be of type ${child.type}, got ${typeOf(v)}`;
    if (child.enum && typeof v === 'string' && !child.enum.includes(v))
      return `"${where}" must be one of ${child.enum.join(', ')}, got "${v}"`;
    if (child.type === 'object') {
      const bad = validate(child, v, where);
      if (bad) return bad;
    }
    if (child.type === 'array' && child.item) {
      for (const [i, x] of (v as unknown[]).entries()) {
        if (child.item.children.size) {
          const bad = validate(child.item, x, `${where}[${i}]`);
          if (bad) return bad;
        } else if (!fits(x, child.item.type))
          return `"${where}[${i}]" must be of type ${child.item.type}, got ${typeOf(x)}`;
      }
    }
  }
  return undefined;
}

/** Copies request values onto a member where the item documents a field of that name and type. */
/** A filter value read as a dict: JSON, or the Python literal the Cinder pages write (`{'key':'value'}`). */
export function dictOf(value: string): Json | undefined {
  for (const text of [value, value.replace(/'/g, '"')]) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Json;
    } catch {
      // not this spelling
    }
  }
  return undefined;
}

function overlay(data: Json, values: Json, item: Node): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const node = item.children.get(k);
    if (!node || k === 'id') continue;
    if (v !== null && !fits(v, node.type)) {
      // A value the request table types otherwise than the item (Cinder's shareable: the string
      // "false" sent, a boolean stored), converted where its spelling is unambiguous.
      const converted = retyped(v, node.type);
      if (converted !== undefined) data[k] = converted;
      continue;
    }
    data[k] = structuredClone(v);
  }
}

/** `v` as a value of `type` when its spelling says so unambiguously ("true" → true, "3" → 3, 3 → "3"), else undefined. */
export function retyped(v: unknown, type: string): unknown {
  if (type === 'boolean' && typeof v === 'string' && /^(true|false)$/i.test(v)) return /^true$/i.test(v);
  if (type === 'integer' && typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  if (type === 'number' && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (type === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return String(v);
  return undefined;
}

function setPath(data: Json, path: string, v: unknown, item: Node): void {
  const [head = '', ...rest] = path.split('.');
  if (rest.length) {
    const inner = (data[head] && typeof data[head] === 'object' ? data[head] : {}) as Json;
    data[head] = inner;
    setPath(inner, rest.join('.'), v, item.children.get(head) ?? item);
    return;
  }
  const node = item.children.get(head);
  if (!node && item.children.size && !(head in data)) return;
  data[head] =
    node && node.type === 'string' && typeof v !== 'string'
      ? String(v)
      : node && node.type === 'integer' && typeof v === 'string' && /^\d+$/.test(v)
        ? Number(v)
        : v;
}

function stampUpdated(m: Member, item: Node, style: (n: Node) => import('../timestamps.ts').TimeStyle): void {
  for (const n of item.children.values()) {
    if (n.type === 'string' && /^updated(_at|_time)?$/.test(n.name)) {
      m.data[n.name] = formatUs(m.updatedUs, style(n));
    }
  }
}

import { formatTime } from '../timestamps.ts';
const formatUs = (us: number, s: import('../timestamps.ts').TimeStyle) => formatTime(us, s);

/** RFC 6902 operations on top-level members (`/name`), as Glance v2 takes them. */
function applyJsonPatch(data: Json, ops: unknown[], item: Node): string | undefined {
  for (const raw of ops) {
    if (!raw || typeof raw !== 'object') return 'Each patch operation must be an object.';
    const { op, path, value } = raw as { op?: unknown; path?: unknown; value?: unknown };
    if (typeof path !== 'string' || !path.startsWith('/')) return `Invalid JSON pointer "${String(path)}".`;
    const key = path.slice(1).split('/')[0]!.replace(/~1/g, '/').replace(/~0/g, '~');
    if (key === 'id' || key === 'created_at' || key === 'updated_at' || key === 'status')
      return `Attribute '${key}' is read-only.`;
    const node = item.children.get(key);
    if (op === 'replace' || op === 'add') {
      if (node && value !== null && !fits(value, node.type))
        return `Invalid value for '${key}': ${node.type} expected.`;
      data[key] = structuredClone(value);
    } else if (op === 'remove') {
      if (!(key in data)) return `Attribute '${key}' is not set.`;
      delete data[key];
    } else return `Invalid operation "${String(op)}": must be one of add, remove, replace.`;
  }
  return undefined;
}

interface ProjectCtx {
  /** The negotiated microversion: fields documented from a later one are left out. */
  version?: Version;
  origin: string;
  selfPath: string;
  id: string;
  updated: boolean;
}

/** The member's data as `node` documents it: documented keys only, links built from the member's path. */
function project(node: Node, value: unknown, pc: ProjectCtx): unknown {
  if (node.type === 'object' && node.children.size > 0) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Json = {};
    for (const [k, child] of node.children) {
      if (
        child.type === 'array' &&
        (k === 'links' || /_links$/.test(k)) &&
        (child.item?.children.has('href') || (child.item?.type === 'object' && child.item.children.size === 0))
      ) {
        out[k] = linksOf(child.item, pc);
        continue;
      }
      if (!(k in (value as Json))) continue;
      const since = child.field?.sinceMicroversion;
      if (since && pc.version && !atLeast(pc.version, since)) continue;
      out[k] = project(child, (value as Json)[k], pc);
    }
    if (node.keepsKeys) for (const [k, v] of Object.entries(value as Json)) if (!node.children.has(k)) out[k] = v;
    return out;
  }
  if (node.keepsKeys && node.type === 'object') return value;
  if (node.type === 'array' && node.item && Array.isArray(value)) return value.map((x) => project(node.item!, x, pc));
  return asDocumented(node, value);
}

/**
 * A value stored as another operation documents it, written as this operation documents it (Heat's
 * stack `tags`: a string in the list, an array in the show page).
 */
function asDocumented(node: Node, v: unknown): unknown {
  if (v === null || v === undefined || fits(v, node.type)) return v;
  switch (node.type) {
    case 'array':
      return typeof v === 'string' ? v.split(',').filter(Boolean) : [v];
    case 'string':
      return Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'integer':
      return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : typeof v === 'boolean' ? Number(v) : v;
    case 'number':
      return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    case 'boolean':
      return typeof v === 'string' ? /^(true|1|yes)$/i.test(v) : typeof v === 'number' ? v !== 0 : v;
    default:
      return v;
  }
}

function linksOf(item: Node, pc: ProjectCtx): Json[] {
  const self = `${pc.origin}${pc.selfPath}`;
  const bookmark = `${pc.origin}${pc.selfPath.replace(/\/v\d+(\.\d+)?\//, '/')}`;
  const keys = item.children.size ? [...item.children.keys()] : ['href', 'rel'];
  return [
    { rel: 'self', href: self },
    { rel: 'bookmark', href: bookmark },
  ].map((l) => Object.fromEntries(keys.map((k) => [k, (l as Json)[k] ?? '']).filter(([, v]) => v !== '')));
}

function fillHrefs(v: unknown, base: string): unknown {
  if (Array.isArray(v)) return v.map((x) => fillHrefs(x, base));
  if (v && typeof v === 'object') {
    const out: Json = {};
    for (const [k, x] of Object.entries(v as Json)) out[k] = k === 'href' && x === '' ? `${base}/` : fillHrefs(x, base);
    return out;
  }
  return v;
}

export { normalise };
