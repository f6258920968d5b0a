// Values for documented fields, deterministic per (collection, partition, row): ids in the form the
// page's examples write them, timestamps in the documented (or decided, or the service's) form,
// enums from the documented list, other strings as the page's example writes them where it does.
import type { Catalog, JsonType } from '../../catalog/model.ts';
import { formatTime, type TimeStyle } from '../timestamps.ts';
import type { Node } from './tree.ts';

export type IdForm = 'uuid' | 'hex32';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;

/** Example values by catalog path (`volumes[].size`), first seen wins; read from the examples' JSON bodies. */
export class ExampleIndex {
  private readonly values = new Map<string, unknown>();
  private readonly byName = new Map<string, unknown>();

  constructor(catalog: Catalog) {
    for (const op of catalog.operations) {
      for (const ex of op.examples) if (ex.body !== undefined) this.add(ex.body, '');
    }
  }

  private add(v: unknown, path: string): void {
    if (path && !this.values.has(path)) this.values.set(path, v);
    const name = path.split('.').at(-1)?.replace(/\[\]$/g, '') ?? '';
    if (name && !this.byName.has(name) && (v === null || typeof v !== 'object')) this.byName.set(name, v);
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 3)) this.add(x, `${path}[]`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) this.add(x, path ? `${path}.${k}` : k);
    }
  }

  at(path: string, name: string): unknown {
    return this.values.has(path) ? this.values.get(path) : this.byName.get(name);
  }
}

/** Form of a documented timestamp: `CCYY-MM-DDThh:mm:ss±hh:mm` → an offset (Z is one); `…ss.ffffff` → fraction; no zone → none. */
export function styleOfForm(form: string | undefined, fallback: TimeStyle): TimeStyle {
  if (!form || /not stated/i.test(form)) return fallback;
  const f = form.trim();
  const fraction: 0 | 6 =
    /ss[.,][a-zA-Z0-9]+|:\d\d[.,]\d+|[Xx]{2}[.,][Xx]+$/.test(f) || /\.(f+|S+|X+|\d+)/.test(f) ? 6 : 0;
  const zoned = /(±|\+|Z\b|Z$|[+-]hh|UTC)/.test(f.replace(/^CCYY-MM-DD/, ''));
  // A documented zone is written the service's way (Z, or an offset a variant picks); none stays none.
  return { fraction, zone: zoned ? (fallback.zone === 'none' ? 'Z' : fallback.zone) : 'none' };
}

export function idOf(form: IdForm, hexString: string): string {
  const h = hexString.padEnd(32, '0').slice(0, 32);
  if (form === 'hex32') return h;
  const v = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Id form of a collection: what its examples write for `id`, UUID when they write none. */
export function idFormOf(examples: ExampleIndex, envelope: string | undefined, plural: string | undefined): IdForm {
  const seen = [
    envelope && examples.at(`${envelope}.id`, ''),
    plural && examples.at(`${plural}[].id`, ''),
    examples.at('id', ''),
  ];
  for (const v of seen) {
    if (typeof v === 'string' && HEX32.test(v)) return 'hex32';
    if (typeof v === 'string' && UUID.test(v)) return 'uuid';
  }
  return 'uuid';
}

export interface ValueContext {
  /** Row number within its partition (stable). */
  row: number;
  /** Row id (already in the collection's form). */
  id: string;
  collection: string;
  projectId: string;
  createdUs: number;
  updatedUs: number;
  timeStyle(node: Node): TimeStyle;
  idForm: IdForm;
  examples: ExampleIndex;
  /** A deterministic hex string for (row, field path). */
  hex(path: string): string;
  /** The status a settled member shows, when the node is a status word. */
  settledStatus?: string;
  /** A document (versions, schemas, build info): the page's example values win over made-up ones. */
  preferExamples?: boolean;
}

const TIME_NAMES = /(_at|_time|^created|^updated|^deleted|_date)$/;
export const isTimeNode = (n: Node): boolean =>
  n.timestamp !== undefined || (n.type === 'string' && TIME_NAMES.test(n.name) && !/_id$/.test(n.name));
export const isIdNode = (n: Node): boolean =>
  n.type === 'string' && (n.name === 'id' || /(_id|Ref|_uuid)$/.test(n.name));
export const isStatusNode = (n: Node): boolean => n.type === 'string' && /(^|_)status$/.test(n.name);

function scalar(type: JsonType, n: Node, vc: ValueContext): unknown {
  const ex = vc.examples.at(n.path, n.name);
  switch (type) {
    case 'integer':
      return typeof ex === 'number' && Number.isInteger(ex) ? ex + (vc.row % 7) : 1 + (vc.row % 100);
    case 'number':
      return typeof ex === 'number' ? ex : 1.5 + (vc.row % 10);
    case 'boolean':
      return typeof ex === 'boolean' ? ex : vc.row % 2 === 0;
    case 'object':
      return ex && typeof ex === 'object' && !Array.isArray(ex) ? structuredClone(ex) : {};
    case 'array':
      return [];
    default:
      return stringValue(n, vc, ex);
  }
}

function stringValue(n: Node, vc: ValueContext, ex: unknown): string {
  if (
    vc.preferExamples &&
    typeof ex === 'string' &&
    (!n.enum || n.enum.includes(ex)) &&
    !(isTimeNode(n) && n.timestamp)
  )
    return ex;
  if (n.enum && n.enum.length) {
    if (isStatusNode(n) && vc.settledStatus && n.enum.includes(vc.settledStatus) && vc.row % 3 !== 0)
      return vc.settledStatus;
    return n.enum[vc.row % n.enum.length]!;
  }
  if (isStatusNode(n) && vc.settledStatus) return vc.settledStatus;
  if (isTimeNode(n)) {
    const us = /updated|modified/.test(n.name) ? vc.updatedUs : vc.createdUs;
    return formatTime(us, vc.timeStyle(n));
  }
  if (n.name === 'id') return vc.id;
  if (
    n.name === 'project_id' ||
    n.name === 'tenant_id' ||
    n.name === 'owner' ||
    n.name === 'os-vol-tenant-attr:tenant_id'
  )
    return vc.projectId;
  if (isIdNode(n)) return idOf(vc.idForm, vc.hex(n.path));
  if (n.name === 'name' || n.name === 'display_name') return `${vc.collection}-${String(vc.row).padStart(6, '0')}`;
  if (n.name === 'href') return '';
  // A name addresses a member (`resource_name`, `stack_name`): unique per row.
  if (typeof ex === 'string' && /name$/i.test(n.name) && vc.row > 0) return `${ex}-${vc.row}`;
  if (typeof ex === 'string') return ex;
  if (ex !== undefined && ex !== null && typeof ex !== 'object') return String(ex);
  return `${n.name}-${vc.row}`;
}

/** A value for `n` (and everything under it). */
export function valueOf(n: Node, vc: ValueContext): unknown {
  if (n.type === 'object') {
    if (n.children.size === 0) return scalar('object', n, vc);
    const out: Record<string, unknown> = {};
    for (const [k, child] of n.children) out[k] = valueOf(child, vc);
    return out;
  }
  if (n.type === 'array') {
    const item = n.item;
    if (!item) return [];
    if (item.type === 'object' && item.children.size > 0) {
      if (n.name === 'links' || n.name.endsWith('_links')) return [];
      return [valueOf(item, vc)];
    }
    const ex = vc.examples.at(n.path, n.name);
    if (Array.isArray(ex) && ex.every((x) => typeof x !== 'object')) return ex.slice(0, 3);
    return item.type === 'object' ? [] : [scalar(item.type, item, vc)];
  }
  return scalar(n.type, n, vc);
}
