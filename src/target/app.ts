// The reference target as one hono app, devstack-style on one origin: Keystone at /identity, Heat at
// /heat-api, Glance at /image, Cinder at /volume. Everything a run sees is decided here: the
// defect and variant switches, the clock, the seeded data and the catalog facts.
import { Hono } from 'hono';
import type { TargetContext } from './context.ts';
import { send } from './context.ts';
import { defectNamed, type DefectName } from './defects.ts';
import { variantNamed, type VariantName } from './variants.ts';
import { loadTargetFacts, type TargetFacts } from './facts.ts';
import { DEFAULT_CREDENTIALS, ADMIN_PROJECT_ID, keystoneRoutes, seedIdentity, type DefaultCredentials } from './keystone.ts';
import { heatRoutes } from './heat.ts';
import { glanceRoutes } from './glance.ts';
import { cinderRoutes } from './cinder.ts';
import { webobError } from './faults.ts';
import { Prng, seedBackups, seedDeployments, seedImages } from './seed.ts';

export type { DefaultCredentials } from './keystone.ts';

export interface ReferenceOptions {
  defect?: string;
  variant?: string;
  /** Backups seeded in the default project (default 40). */
  backups?: number;
  /** Images seeded in the cloud (default 60). */
  images?: number;
  now?: () => Date;
  tokenTtlSeconds?: number;
  /** Catalog facts to serve from; read from the generated catalog when absent. */
  facts?: TargetFacts;
}

const SERVICE_PREFIXES = ['/heat-api/', '/image/', '/volume/'];

export function createReferenceApp(opts: ReferenceOptions = {}): { app: Hono; credentials: DefaultCredentials } {
  const defect: DefectName | undefined = opts.defect ? defectNamed(opts.defect) : undefined;
  const variant: VariantName | undefined = opts.variant ? variantNamed(opts.variant) : undefined;
  for (const [name, v] of [['backups', opts.backups], ['images', opts.images]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 1_000_000)) throw new Error(`${name} must be an integer from 0 to 1000000, got ${v}`);
  }
  const facts = opts.facts ?? loadTargetFacts();
  const rng = new Prng(0x5eed);
  const ctx: TargetContext = {
    defect: (name) => name === defect,
    variant: (name) => name === variant,
    now: opts.now ?? (() => new Date()),
    rng,
    facts,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    projects: new Map(),
    users: [],
    appCredentials: [],
    tokens: new Map(),
    state: { images: [], imagesById: new Map(), backups: new Map(), deployments: new Map() },
    backupCount: opts.backups ?? 40,
    // Per-project data is seeded on first use, each project from its own PRNG, so the order in
    // which projects are touched never changes what they hold.
    backupsOf(projectId) {
      let t = ctx.state.backups.get(projectId);
      if (!t) {
        const count = projectId === DEFAULT_CREDENTIALS.projectId ? ctx.backupCount : 5;
        t = seedBackups(new Prng(hash(`backups/${projectId}`)), count, facts.backup.statusEnum);
        ctx.state.backups.set(projectId, t);
      }
      return t;
    },
    deploymentsOf(projectId) {
      let rows = ctx.state.deployments.get(projectId);
      if (!rows) {
        const count = projectId === DEFAULT_CREDENTIALS.projectId ? 3 : 1;
        rows = seedDeployments(new Prng(hash(`deployments/${projectId}`)), projectId, count, facts.deployment.statusEnum);
        ctx.state.deployments.set(projectId, rows);
      }
      return rows;
    },
  };
  seedIdentity(ctx);
  ctx.state.images = seedImages(new Prng(hash('images')), opts.images ?? 60, {
    admin: ADMIN_PROJECT_ID,
    demo: DEFAULT_CREDENTIALS.projectId,
    other: DEFAULT_CREDENTIALS.otherProjectId,
  });
  ctx.state.imagesById = new Map(ctx.state.images.map((r) => [r.id, r]));

  // Request ids from their own PRNG, so that a defect dropping them leaves every other id unchanged.
  const requestIds = new Prng(hash('request-ids'));
  const app = new Hono({ strict: false });
  app.use('*', async (c, next) => {
    await next();
    const requestId = `req-${requestIds.uuid()}`;
    if (!ctx.defect('request-id-missing')) c.res.headers.set('x-openstack-request-id', requestId);
    const path = new URL(c.req.url).pathname;
    if (ctx.defect('content-type-text-plain') && c.res.status < 300 && SERVICE_PREFIXES.some((p) => path.startsWith(p))) {
      c.res.headers.set('Content-Type', 'text/plain; charset=UTF-8');
    }
  });
  app.route('/identity', keystoneRoutes(ctx));
  app.route('/heat-api', heatRoutes(ctx));
  app.route('/image', glanceRoutes(ctx));
  app.route('/volume', cinderRoutes(ctx));
  app.notFound((c) => send(c, webobError(404, '', c.req.header('accept'))));
  // Never a crash: an unexpected error is a plain 500, logged once to stderr.
  app.onError((err, c) => {
    process.stderr.write(`reference target: ${c.req.method} ${new URL(c.req.url).pathname}: ${err.stack ?? err.message}\n`);
    return send(c, webobError(500, '', c.req.header('accept')));
  });
  return { app, credentials: { ...DEFAULT_CREDENTIALS } };
}

/** FNV-1a: a stable 32-bit seed from a name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
