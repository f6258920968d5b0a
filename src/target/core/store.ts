// Members of every collection, per partition (the project and any parent members of the path), in
// memory. A partition is seeded on first use from its own PRNG (so the order partitions are touched
// never changes what they hold); `--seed volumes=100000` sets a collection's size in the default project.
import type { Collection } from './routes.ts';
import { Prng } from '../seed.ts';

export interface Member {
  id: string;
  /** Every documented field of the collection's item, as the item's tree lays it out. */
  data: Record<string, unknown>;
  createdUs: number;
  updatedUs: number;
  /** Whether an update stamped the member (updated timestamps appear only then where upstream does so). */
  updated: boolean;
  /** A status word to settle to on the next read (a 202 whose status moves on). */
  settlesTo?: { field: string; value: string };
}

/** A seeded member whose fields are made on first use, so 100,000 members cost their ids and dates only. */
export class LazyMember implements Member {
  private made?: Record<string, unknown>;
  updated = true;
  settlesTo?: { field: string; value: string };

  constructor(
    public id: string,
    public createdUs: number,
    public updatedUs: number,
    private readonly make: (m: LazyMember) => Record<string, unknown>,
  ) {}

  get data(): Record<string, unknown> {
    return (this.made ??= this.make(this));
  }

  set data(v: Record<string, unknown>) {
    this.made = v;
  }
}

export class Table {
  /** Oldest first. */
  readonly members: Member[] = [];
  private readonly index = new Map<string, Member>();

  add(m: Member): void {
    this.members.push(m);
    this.index.set(m.id, m);
  }

  get(id: string): Member | undefined {
    return this.index.get(id);
  }

  /** By id, or by any string field naming it (Heat addresses stacks by name and id). */
  find(keys: string[]): Member | undefined {
    const last = keys.at(-1);
    if (last !== undefined) {
      const byId = this.index.get(last);
      if (byId && keys.slice(0, -1).every((k) => matchesName(byId, k))) return byId;
    }
    // By a name or id field of the member (`resource_name`, `physical_resource_id`, `stack_name`).
    if (keys.length === 1)
      return this.members.find((m) => Object.entries(m.data).some(([k, v]) => /(name|_id)$/.test(k) && v === keys[0]));
    return undefined;
  }

  remove(id: string): boolean {
    const m = this.index.get(id);
    if (!m) return false;
    this.index.delete(id);
    this.members.splice(this.members.indexOf(m), 1);
    return true;
  }

  rename(m: Member, id: string): void {
    this.index.delete(m.id);
    m.id = id;
    this.index.set(id, m);
  }
}

function matchesName(m: Member, key: string): boolean {
  return m.id === key || Object.entries(m.data).some(([k, v]) => /name$/.test(k) && v === key);
}

export type Seeder = (c: Collection, partition: string, projectId: string, count: number, rng: Prng) => Member[];

export class Store {
  private readonly tables = new Map<string, Table>();

  constructor(
    private readonly seeder: Seeder,
    private readonly sizes: Record<string, number>,
    private readonly defaultProject: string,
  ) {}

  /** Partition key: the values of the path parameters before the collection's own member parameters. */
  table(c: Collection, partition: string, projectId: string): Table {
    const key = `${c.key}\u0000${partition}`;
    let t = this.tables.get(key);
    if (!t) {
      t = new Table();
      const main = projectId === this.defaultProject;
      const count = main ? (this.sizes[c.name] ?? defaultSize(c)) : Math.min(2, this.sizes[c.name] ?? defaultSize(c));
      for (const m of this.seeder(c, partition, projectId, count, new Prng(hash(key)))) t.add(m);
      this.tables.set(key, t);
    }
    return t;
  }
}

function defaultSize(c: Collection): number {
  return c.parent ? 3 : 6;
}

/** FNV-1a: a stable 32-bit seed from a name. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
