// Deterministic data for the reference target: one seeded PRNG per app, so two apps built with the
// same options answer byte for byte the same (the defect tests compare a clean and a broken app).
// Backups are stored column-wise so that `--backups 100000` costs a few typed arrays, not 100k objects.

/** sfc32: small, fast, good enough for ids and sample data (not for secrets). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }

  private u32(): number {
    return (this.next() * 0x100000000) >>> 0;
  }

  hex(chars: number): string {
    let s = '';
    while (s.length < chars) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }

  /** A version-4 UUID; built from bytes through a lookup table, since seeding 100k backups calls it 100k times. */
  uuid(): string {
    const w = [this.u32(), this.u32(), this.u32(), this.u32()];
    const b = (i: number): number => ((w[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
    const h = (i: number): string => HEX[b(i)] as string;
    const v = HEX[(b(6) & 0x0f) | 0x40] as string;
    const r = HEX[(b(8) & 0x3f) | 0x80] as string;
    return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${v}${h(7)}-${r}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Microseconds since the epoch: Glance and Cinder keep microseconds, JavaScript dates only milliseconds. */
export type Micros = number;

export const microsOf = (d: Date): Micros => d.getTime() * 1000;

/** Seeded rows are dated before this instant, so `changes-since` has a stable history to cut. */
export const SEED_EPOCH: Micros = Date.UTC(2024, 2, 1, 12, 0, 0) * 1000;

// ---- images (Glance v1 registry rows) ----

export interface ImageRow {
  id: string;
  name: string | null;
  status: string;
  size: number | null;
  virtual_size: number | null;
  disk_format: string | null;
  container_format: string | null;
  min_disk: number;
  min_ram: number;
  is_public: boolean;
  checksum: string | null;
  owner: string | null;
  protected: boolean;
  created_at: Micros;
  updated_at: Micros | null;
  deleted_at: Micros | null;
  deleted: boolean;
  properties: Record<string, string>;
}

const DISTROS = ['cirros', 'ubuntu-22.04', 'debian-12', 'fedora-39', 'centos-stream-9', 'alpine-3.19', 'windows-2022'];
const DISK_FORMATS = ['qcow2', 'raw', 'vhd', 'vmdk', 'iso'];
const CONTAINER_FORMATS = ['bare', 'bare', 'bare', 'ovf'];

/**
 * Images of the whole cloud: public ones owned by the admin project, private ones of each project,
 * and a tail of deleted / pending_delete / killed rows that only `changes-since` reveals.
 */
export function seedImages(
  rng: Prng,
  count: number,
  projects: { admin: string; demo: string; other: string },
): ImageRow[] {
  const rows: ImageRow[] = [];
  for (let i = 0; i < count; i++) {
    const created = SEED_EPOCH - (count - i) * 3_600_000_000 - rng.int(1_000_000);
    const roll = i % 10;
    const status =
      roll === 7
        ? 'queued'
        : roll === 8 && i % 20 === 8
          ? 'killed'
          : i % 13 === 12
            ? 'deleted'
            : i % 17 === 16
              ? 'pending_delete'
              : 'active';
    const deleted = status === 'deleted' || status === 'pending_delete';
    const owner = i % 3 === 0 ? projects.admin : i % 5 === 1 ? projects.other : projects.demo;
    const uploaded = status !== 'queued' && status !== 'killed';
    const size = uploaded ? 1_048_576 * (1 + rng.int(4096)) + rng.int(1_048_576) : null;
    const updated = created + 1_000_000 + rng.int(600_000_000) + (deleted ? 86_400_000_000 : 0);
    const diskFormat = status === 'queued' ? null : rng.pick(DISK_FORMATS);
    rows.push({
      id: rng.uuid(),
      name: i % 11 === 10 ? null : `${rng.pick(DISTROS)}-${String(i).padStart(4, '0')}`,
      status,
      size,
      virtual_size: uploaded && diskFormat === 'qcow2' ? (size as number) * 4 : null,
      disk_format: diskFormat,
      container_format: status === 'queued' ? null : rng.pick(CONTAINER_FORMATS),
      min_disk: rng.pick([0, 0, 1, 10, 20]),
      min_ram: rng.pick([0, 0, 512, 1024]),
      is_public: owner === projects.admin,
      checksum: uploaded ? rng.hex(32) : null,
      owner,
      protected: i % 9 === 4,
      created_at: created,
      updated_at: updated,
      deleted_at: deleted ? updated : null,
      deleted,
      properties: i % 4 === 0 ? { os_distro: 'linux', hw_disk_bus: 'virtio' } : {},
    });
  }
  return rows;
}

// ---- backups (Cinder), column-wise ----

export interface BackupTable {
  count: number;
  /** Rows in the default order (created_at desc, id desc); ids and names are computed from the row. */
  id(row: number): string;
  rowOf(id: string): number | undefined;
  name(row: number): string | null;
  /** Index into `statuses`. */
  status: Uint8Array;
  volume: Uint16Array;
  volumeIds: string[];
  statuses: readonly string[];
  createdAt: Float64Array;
}

const NAME_PREFIXES = ['nightly', 'weekly', 'adhoc', 'pre-upgrade', 'db-snapshot'];

/** murmur3's finaliser: a cheap, well-mixed 32-bit hash. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * Backups of one project. Ids are not stored: each is a version-4 UUID hashed from the row, whose
 * last 8 hex digits carry the row XOR a per-table mask, so `rowOf` decodes a marker without an index
 * and `--backups 100000` costs three typed arrays.
 */
export function seedBackups(rng: Prng, count: number, statuses: readonly string[]): BackupTable {
  const volumeIds = Array.from({ length: Math.max(1, Math.min(64, Math.ceil(count / 8))) }, () => rng.uuid());
  const salt = (rng.next() * 0x100000000) >>> 0;
  const mask = (rng.next() * 0x100000000) >>> 0;
  const maskHi = hex8(mix(salt ^ 0x5bd1e995)).slice(0, 4);
  const status = new Uint8Array(count);
  const volume = new Uint16Array(count);
  const createdAt = new Float64Array(count);
  const available = Math.max(0, statuses.indexOf('available'));
  // Row 0 is the newest (i counts in creation order), so the default sort needs no sorting.
  for (let row = 0; row < count; row++) {
    const i = count - 1 - row;
    // Most backups are available, the rest spread over the other documented states.
    status[row] = statuses.length === 0 ? 0 : i % 3 === 0 ? (i / 3) % statuses.length : available;
    volume[row] = rng.int(volumeIds.length);
    createdAt[row] = SEED_EPOCH - (count - i) * 60_000_000 - rng.int(1_000_000);
  }
  const id = (row: number): string => {
    const a = mix(salt ^ Math.imul(row + 1, 0x9e3779b1));
    const b = mix(a ^ 0x27d4eb2f);
    const c = mix(b ^ 0x165667b1);
    const variant = ((c >>> 28) & 0x3) | 0x8;
    return `${hex8(a)}-${hex8(b).slice(0, 4)}-4${hex8(b).slice(5, 8)}-${variant.toString(16)}${hex8(c).slice(1, 4)}-${maskHi}${hex8((row ^ mask) >>> 0)}`;
  };
  return {
    count,
    id,
    rowOf(candidate: string) {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(candidate)) return undefined;
      const row = (parseInt(candidate.slice(28), 16) ^ mask) >>> 0;
      return row < count && id(row) === candidate ? row : undefined;
    },
    name(row: number) {
      const i = count - 1 - row;
      return i % 7 === 3 ? null : `${NAME_PREFIXES[i % NAME_PREFIXES.length]}-${String(i).padStart(6, '0')}`;
    },
    status,
    volume,
    volumeIds,
    statuses,
    createdAt,
  };
}

// ---- software deployments (Heat) ----

export interface DeploymentRow {
  id: string;
  projectId: string;
  config_id: string | null;
  server_id: string | null;
  input_values: unknown;
  output_values: unknown;
  action: string | null;
  status: string | null;
  status_reason: string | null;
  created_at: Micros;
  updated_at: Micros | null;
}

export function seedDeployments(
  rng: Prng,
  projectId: string,
  count: number,
  statuses: readonly string[],
): DeploymentRow[] {
  const rows: DeploymentRow[] = [];
  for (let i = 0; i < count; i++) {
    const created = SEED_EPOCH - (count - i) * 600_000_000;
    const updated = i % 2 === 0 ? created + 90_000_000 : null;
    rows.push({
      id: rng.uuid(),
      projectId,
      config_id: rng.uuid(),
      server_id: rng.uuid(),
      input_values: i % 2 === 0 ? { foo: 'bar' } : {},
      output_values: updated === null ? null : { deploy_status_code: 0, deploy_stdout: 'ok\n', deploy_stderr: '' },
      action: 'CREATE',
      status: statuses.length ? (statuses[i % statuses.length] as string) : 'COMPLETE',
      status_reason: updated === null ? 'Deploy data available' : 'Outputs received',
      created_at: created,
      updated_at: updated,
    });
  }
  return rows;
}
