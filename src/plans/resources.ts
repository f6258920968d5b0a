// The resource model, read from the catalog's URI templates and methods alone: which collections and
// members exist, which operation lists, creates, shows, updates, deletes or acts on which resource,
// which path parameter names which resource, and which request fields refer to another resource.
// Pure and structural (no operation id, no word list of one API), so a page added to specs/ is
// modelled without code; `npm run plans` prints it.
import type { Catalog, Field, HttpMethod, Operation } from '../catalog/model.ts';

/** What an operation does to its resource, read from its method and where its path ends. */
export type Role = 'list' | 'create' | 'show' | 'update' | 'delete' | 'action' | 'read';

export interface Resource {
  service: Operation['service'];
  /** Singular, kebab-case, parent first for sub-resources: `volume`, `volume-metadata`, `stack-resource`. */
  name: string;
  /** URI template of the collection (`/v1/{project_id}/software_deployments`). */
  collection: string;
  /** Path parameters that name one member (`deployment_id`; `stack_name`, `stack_id`). Empty for a singleton. */
  idParams: string[];
  /** The resource this one lives under, when its collection is below a member of another. */
  parent?: string;
  /** Operation ids per role. */
  operations: Partial<Record<Role, string[]>>;
}

/** A request field or path parameter that refers to another resource. */
export interface Reference {
  operation: string;
  /** Field name (`config_id`) or path parameter name (`volume_id`). */
  name: string;
  in: Field['in'];
  required: boolean;
  /** The resource it names: a model resource, `project` (the session's), or a noun no page models (`server`). */
  resource: string;
  /** The service of the resource it names (another service's for `imageRef` on a volume). */
  service: Operation['service'];
  /** Whether `resource` is one of the model's resources. */
  modelled: boolean;
  /** Why it was read as a reference: its name, or its description ("ID of the …"). */
  evidence: string;
}

export interface OperationPlace {
  operation: string;
  role: Role;
  /** The resource the operation acts on, when its path names one. */
  resource?: string;
}

export interface ResourceModel {
  resources: Resource[];
  places: Map<string, OperationPlace>;
  references: Reference[];
}

const VERSION = /^v\d+(\.\d+)?$/;
const PROJECT = new Set(['project_id', 'tenant_id']);

function paramName(segment: string): string | undefined {
  return /^\{([^}]+)\}$/.exec(segment)?.[1];
}

/** The segments of a template below its version and project prefix. */
export function resourceSegments(path: string): string[] {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  let i = 0;
  while (i < segs.length && (VERSION.test(segs[i]!) || PROJECT.has(paramName(segs[i]!) ?? ''))) i++;
  return segs.slice(i);
}

function prefixOf(path: string): string {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  const rest = resourceSegments(path).length;
  return '/' + segs.slice(0, segs.length - rest).join('/');
}

function join(prefix: string, segs: string[]): string {
  return [prefix.replace(/\/$/, ''), ...segs].join('/') || '/';
}

/** `software_deployments` → `software-deployment`; `os-volume-transfer` → `os-volume-transfer`; `types` → `type`. */
export function singular(word: string): string {
  const kebab = word.replace(/_/g, '-').toLowerCase();
  if (/ies$/.test(kebab)) return kebab.replace(/ies$/, 'y');
  if (/(ss|us)$/.test(kebab)) return kebab;
  if (/(sh|ch|x)es$/.test(kebab)) return kebab.replace(/es$/, '');
  return kebab.replace(/s$/, '');
}

/** The noun a name ends with: `software-deployment` → `deployment`, `os-volume-transfer` → `transfer`. */
function headNoun(name: string): string {
  return name.split('-').at(-1) ?? name;
}

/** `deployment_id` → `deployment`; `stack_name` → `stack`; `imageRef` → `image`; `key` → undefined. */
export function nounOfName(name: string): string | undefined {
  const m = /^(.+?)(?:_id|_name|_uuid|_ref|Ref|Id)$/.exec(name);
  return m ? singular(m[1]!.replace(/([a-z])([A-Z])/g, '$1_$2')) : undefined;
}

/** "Specifies the ID of the software configuration running …" → `software-configuration`. */
export function nounOfDescription(description: string): string | undefined {
  const m =
    /\b(?:ID|UUID) of (?:the|a|an) ([a-z][a-z -]{1,40}?)(?=\s+(?:to|that|which|running|used|deployed|of|in|for|on|whose|where)\b|[.,;(]|$)/i.exec(
      description,
    );
  return m ? singular(m[1]!.trim().toLowerCase().replace(/\s+/g, '-')) : undefined;
}

interface Node {
  /** `<service> <collection template>`: collections of two services never merge. */
  key: string;
  collection: string;
  literals: string[];
  idParams: string[];
  parent?: Node;
}

/**
 * Walks a template's segments into nested (collection, member parameters) pairs:
 * `stacks/{stack_name}/{stack_id}/resources/{resource_name}` → stacks[stack_name, stack_id] ›
 * resources[resource_name]. Consecutive literals make one collection (`native/backups`).
 */
function walk(service: string, path: string): Node[] {
  const prefix = prefixOf(path);
  const segs = resourceSegments(path);
  const nodes: Node[] = [];
  let i = 0;
  let at: string[] = [];
  while (i < segs.length) {
    const literals: string[] = [];
    while (i < segs.length && paramName(segs[i]!) === undefined) literals.push(segs[i++]!);
    const idParams: string[] = [];
    while (i < segs.length && paramName(segs[i]!) !== undefined) idParams.push(paramName(segs[i++]!)!);
    const collectionSegs = [...at, ...literals];
    // A leading parameter with no collection before it (`/{api_version}`) is a member of the root.
    nodes.push({
      key: `${service} ${join(prefix, collectionSegs)}`,
      collection: join(prefix, collectionSegs),
      literals,
      idParams,
      ...(nodes.length > 0 ? { parent: nodes.at(-1)! } : {}),
    });
    at = [...collectionSegs, ...idParams.map((p) => `{${p}}`)];
  }
  if (nodes.length === 0)
    nodes.push({ key: `${service} ${join(prefix, [])}`, collection: join(prefix, []), literals: [], idParams: [] });
  return nodes;
}

function arrayEnvelope(op: Operation): boolean {
  return op.response.some((f) => !f.path.includes('.') && !f.path.includes('[') && f.type === 'array');
}

/**
 * A name per collection (per node key), unique within its service: the checks and the request plans
 * key what they obtain, make and store by service and resource name, so two collections sharing a
 * name would lend each other's members (`types` and `other/types` both `type`). A name is its
 * parent's name and its last literal, singular (`volume-metadata`); where that is taken, all its
 * literals (`schema-image`), the last as written (`schema-images`), then the words of its prefix (`v1-image`), then a number. Names are given
 * parents first, then the collection with fewer literals first, then in the order of the pages, so a
 * page added under another path takes the longer name and leaves the names of the others unchanged.
 */
function collectionNames(ops: readonly Operation[], walked: ReadonlyMap<string, Node[]>): Map<string, string> {
  const nodes = new Map<string, { node: Node; service: string; depth: number; order: number }>();
  for (const op of ops)
    for (const node of walked.get(op.id)!) {
      if (nodes.has(node.key)) continue;
      let depth = 0;
      for (let p = node.parent; p; p = p.parent) depth++;
      nodes.set(node.key, { node, service: op.service, depth, order: nodes.size });
    }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const ranked = [...nodes.values()].sort(
    (a, b) => a.depth - b.depth || a.node.literals.length - b.node.literals.length || a.order - b.order,
  );
  for (const { node, service } of ranked) {
    const parent = node.parent && node.parent.idParams.length > 0 ? names.get(node.parent.key) : undefined;
    const words = node.literals.map(singular);
    const versions = prefixOf(node.collection)
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/[^\w.-]/g, ''))
      .filter(Boolean);
    const withParent = (n: string) => (parent ? `${parent}-${n}` : n);
    const candidates = [
      withParent(words.at(-1) ?? 'root'),
      withParent(words.join('-') || 'root'),
      // Literals that only their plural told apart (`schemas/image`, `schemas/images`).
      withParent(
        [...words.slice(0, -1), ...node.literals.slice(-1).map((w) => w.replace(/_/g, '-').toLowerCase())].join('-') ||
          'root',
      ),
      withParent([...versions, ...words].join('-') || 'root'),
    ];
    let name = candidates.find((c) => !taken.has(`${service} ${c}`));
    for (let i = 2; !name; i++) if (!taken.has(`${service} ${candidates[0]}-${i}`)) name = `${candidates[0]}-${i}`;
    taken.add(`${service} ${name}`);
    names.set(node.key, name);
  }
  return names;
}

/**
 * The resource model of a catalog. A path ending at a collection is a list (GET with an array
 * envelope), a read of a singleton (other GETs), a create (POST, where the collection has members)
 * or an update/delete of the whole collection; a path ending at a member is a show, update, delete
 * or action (POST). A literal tail served by one method only and without members of its own is a
 * view of what precedes it (GET `volumes/detail` lists volumes) or an action on it (POST
 * `volumes/{volume_id}/action`, `stacks/preview`, `validate`).
 */
export function resourceModel(catalog: Pick<Catalog, 'operations'>): ResourceModel {
  const ops = catalog.operations;
  const walked = new Map(ops.map((op) => [op.id, walk(op.service, op.path)]));
  const methodsAt = new Map<string, Set<HttpMethod>>();
  const hasMembers = new Set<string>();
  for (const op of ops) {
    const nodes = walked.get(op.id)!;
    const last = nodes.at(-1)!;
    if (last.idParams.length === 0) methodsAt.set(last.key, (methodsAt.get(last.key) ?? new Set()).add(op.method));
    for (const n of nodes) if (n.idParams.length > 0) hasMembers.add(n.key);
  }

  const resources = new Map<string, Resource>();
  const nameByKey = collectionNames(ops, walked);
  const nameOf = (node: Node): string => nameByKey.get(node.key)!;
  const ensure = (node: Node, service: Operation['service']): Resource => {
    if (node.parent) ensure(node.parent, service);
    const name = nameOf(node);
    const key = `${service} ${name}`;
    let r = resources.get(key);
    if (!r) {
      r = { service, name, collection: node.collection, idParams: [], operations: {} };
      if (node.parent && node.parent.idParams.length > 0) r.parent = nameOf(node.parent);
      resources.set(key, r);
    }
    if (node.idParams.length > 0 && r.idParams.length === 0) r.idParams = node.idParams;
    return r;
  };

  /** What a one-method literal tail belongs to: the member or collection its path continues. */
  const ownerOf = (op: Operation, node: Node): Node | undefined => {
    if (node.idParams.length > 0 || hasMembers.has(node.key) || (methodsAt.get(node.key)?.size ?? 0) !== 1)
      return undefined;
    if (node.literals.length > 1 || !node.parent) {
      // `volumes/detail`, `stacks/preview`: the collection one literal up, when it is one.
      const up = join(prefixOf(op.path), resourceSegments(op.path).slice(0, -1));
      const upKey = `${op.service} ${up}`;
      if (node.literals.length > 1 && hasMembers.has(upKey)) {
        return {
          key: upKey,
          collection: up,
          literals: node.literals.slice(0, -1),
          idParams: [],
          ...(node.parent ? { parent: node.parent } : {}),
        };
      }
      return undefined;
    }
    return node.parent;
  };

  const places = new Map<string, OperationPlace>();
  for (const op of ops) {
    let node = walked.get(op.id)!.at(-1)!;
    const owner = ownerOf(op, node);
    let role: Role;
    if (owner && op.method === 'POST') {
      role = 'action';
      node = owner;
    } else if (owner && op.method === 'GET' && owner.idParams.length === 0) {
      role = arrayEnvelope(op) ? 'list' : 'read';
      node = owner;
    } else if (node.idParams.length > 0) {
      role =
        op.method === 'GET' ? 'show' : op.method === 'DELETE' ? 'delete' : op.method === 'POST' ? 'action' : 'update';
    } else if (op.method === 'GET') {
      role = arrayEnvelope(op) ? 'list' : 'read';
    } else if (op.method === 'POST') {
      // A POST where nothing can be read back (no members, no other method) creates nothing to test.
      role = hasMembers.has(node.key) || (methodsAt.get(node.key)?.size ?? 0) > 1 ? 'create' : 'action';
    } else {
      role = op.method === 'DELETE' ? 'delete' : 'update';
    }
    const resource = ensure(node, op.service);
    for (const n of walked.get(op.id)!) ensure(n, op.service);
    (resource.operations[role] ??= []).push(op.id);
    places.set(op.id, { operation: op.id, role, resource: resource.name });
  }
  const list = [...resources.values()].filter((r) => Object.keys(r.operations).length > 0 || r.idParams.length > 0);
  return { resources: list, places, references: references(ops, list, walked) };
}

/**
 * The model resource a noun names in a service: its full name, or its head noun (`deployment` →
 * `software-deployment`), top-level resources first.
 */
function resourceNamedIn(own: readonly Resource[], noun: string): Resource | undefined {
  return (
    own.find((r) => r.name === noun) ??
    own.find((r) => !r.parent && headNoun(r.name) === noun) ??
    own.find((r) => headNoun(r.name) === noun)
  );
}

/**
 * Lookups over the resources, each answered once: every operation asks them, and scanning the list
 * each time grows with operations × resources (a reference of a thousand pages).
 */
class ResourceLookup {
  private readonly byService = new Map<string, Resource[]>();
  private readonly byCollection = new Map<string, Resource>();
  private readonly modelled = new Set<string>();
  private readonly named = new Map<string, Resource | undefined>();
  /** The services in the order their first resource comes. */
  readonly services: Operation['service'][];

  constructor(resources: readonly Resource[]) {
    for (const r of resources) {
      const own = this.byService.get(r.service);
      if (own) own.push(r);
      else this.byService.set(r.service, [r]);
      const key = `${r.service}\u0000${r.collection}`;
      if (!this.byCollection.has(key)) this.byCollection.set(key, r);
      this.modelled.add(`${r.service}\u0000${r.name}`);
    }
    this.services = [...this.byService.keys()] as Operation['service'][];
  }

  ownerOf(service: string, collection: string): Resource | undefined {
    return this.byCollection.get(`${service}\u0000${collection}`);
  }

  has(service: string, name: string): boolean {
    return this.modelled.has(`${service}\u0000${name}`);
  }

  /** The resource a noun names in a service: its own name, else a top-level one's head noun, else any one's. */
  namedIn(service: string, noun: string): Resource | undefined {
    const key = `${service}\u0000${noun}`;
    if (!this.named.has(key)) this.named.set(key, resourceNamedIn(this.byService.get(service) ?? [], noun));
    return this.named.get(key);
  }
}

function references(ops: Operation[], resources: Resource[], walked: Map<string, Node[]>): Reference[] {
  const out: Reference[] = [];
  const lookup = new ResourceLookup(resources);
  for (const op of ops) {
    for (const node of walked.get(op.id)!) {
      const owner = lookup.ownerOf(op.service, node.collection);
      for (const p of node.idParams) {
        let resource: string;
        let service = op.service;
        const noun = nounOfName(p);
        const named = noun ? lookup.namedIn(op.service, noun) : undefined;
        if (PROJECT.has(p)) resource = 'project';
        // The member of this very collection first: `…/resources/{resource_name}/events/{event_id}`
        // names an event of that resource, not one of the stack's own event list.
        else if (owner && noun && headNoun(owner.name) === noun) resource = owner.name;
        else if (named) ({ name: resource, service } = named);
        else if (owner && (!noun || noun.startsWith(headNoun(owner.name)))) resource = owner.name;
        else resource = noun ?? p;
        const modelled = lookup.has(service, resource);
        out.push({
          operation: op.id,
          name: p,
          in: 'path',
          required: true,
          resource,
          service,
          modelled,
          evidence: `path parameter {${p}}`,
        });
      }
    }
    for (const f of [...op.requestBody, ...op.queryParams]) {
      if (f.in === 'body' && f.path.split('.').length > 2) continue;
      if (f.type !== 'string' || !/(_id|Ref|_uuid)$/.test(f.name)) continue;
      const byName = nounOfName(f.name)!;
      if (byName.endsWith('project') || byName.endsWith('tenant')) {
        out.push({
          operation: op.id,
          name: f.name,
          in: f.in,
          required: f.required,
          resource: 'project',
          service: op.service,
          modelled: false,
          evidence: `name ${f.name}`,
        });
        continue;
      }
      const byDescription = nounOfDescription(f.description);
      const named =
        lookup.namedIn(op.service, byName) ??
        (byDescription ? lookup.namedIn(op.service, byDescription) : undefined) ??
        lookup.services
          .filter((s) => s !== op.service)
          .map((s) => lookup.namedIn(s, byName))
          .find(Boolean);
      out.push({
        operation: op.id,
        name: f.name,
        in: f.in,
        required: f.required,
        resource: named?.name ?? byDescription ?? byName,
        service: named?.service ?? op.service,
        modelled: !!named,
        evidence: byDescription ? `name ${f.name}; description "${f.description.slice(0, 80)}"` : `name ${f.name}`,
      });
    }
  }
  return out;
}
