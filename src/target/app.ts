// The reference target as one hono app, devstack-style on one origin: Keystone at /identity, Heat at
// /heat-api, Glance at /image, Cinder at /volume. Everything a run sees is decided here: the
// defect and variant switches, the clock, the seeded data and the catalog facts.
import { Hono } from 'hono';
import type { TargetContext } from './context.ts';
import { send } from './context.ts';
import { variantNamed, type VariantName } from './variants.ts';
import { factsFromCatalog, loadTargetFacts, type TargetFacts } from './facts.ts';
import {
  DEFAULT_CREDENTIALS,
  ADMIN_PROJECT_ID,
  keystoneRoutes,
  seedIdentity,
  type DefaultCredentials,
} from './keystone.ts';
import { heatRoutes } from './heat.ts';
import { glanceRoutes } from './glance.ts';
import { cinderRoutes } from './cinder.ts';
import { webobError } from './faults.ts';
import { Prng, seedBackups, seedDeployments, seedImages } from './seed.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Catalog } from '../catalog/model.ts';
import { loadCatalog } from '../catalog/load.ts';
import { Core } from './core/serve.ts';
import { fromCore } from './core/mount.ts';
import { mutateBody } from './core/mutate.ts';
import { habitsFor } from './services.ts';
import { checkDefectSpecs, defectApplies, GENERIC_ALIASES, parseDefectSpecs } from './switches.ts';
import { coreOf, setCore } from './core/registry.ts';

export type { DefaultCredentials } from './keystone.ts';

export interface ReferenceOptions {
  /** `NAME`, `NAME@operation-id`, or several joined by commas. */
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
  /** The catalog to serve (default: the generated one). */
  catalog?: Catalog;
  /** Members per collection in the default project, by collection name (`volumes: 100000`). */
  seed?: Record<string, number>;
}

/** The operation a request is for, so a defect confined to one operation stays there. */
const current = new AsyncLocalStorage<{ operation?: string }>();
const GENERIC_BODY = new Set([
  'field-wrong-type',
  'field-required-missing',
  'field-null',
  'envelope-renamed',
  'timestamp-no-offset',
  'timestamp-impossible',
  'timestamp-updated-before-created',
  'enum-outside',
]);

export function createReferenceApp(opts: ReferenceOptions = {}): { app: Hono; credentials: DefaultCredentials } {
  const specs = parseDefectSpecs(opts.defect);
  const catalog = opts.catalog ?? loadCatalog();
  const variant: VariantName | undefined = opts.variant ? variantNamed(opts.variant) : undefined;
  for (const [name, v] of [
    ['backups', opts.backups],
    ['images', opts.images],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 1_000_000))
      throw new Error(`${name} must be an integer from 0 to 1000000, got ${v}`);
  }
  const facts = opts.facts ?? (opts.catalog ? seedFacts(opts.catalog) : loadTargetFacts());
  const rng = new Prng(0x5eed);
  const ctx: TargetContext = {
    defect: (name) =>
      specs.some(
        (s) =>
          (s.name === name || GENERIC_ALIASES[s.name]?.includes(name)) &&
          (s.operation === undefined || s.operation === current.getStore()?.operation),
      ),
    defectOn: (name, op) => specs.some((s) => s.name === name && (s.operation === undefined || s.operation === op)),
    variant: (name) => name === variant,
    now: opts.now ?? (() => new Date()),
    rng,
    facts: facts as TargetFacts,
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
        t = seedBackups(new Prng(hash(`backups/${projectId}`)), count, facts!.backup.statusEnum);
        ctx.state.backups.set(projectId, t);
      }
      return t;
    },
    deploymentsOf(projectId) {
      let rows = ctx.state.deployments.get(projectId);
      if (!rows) {
        const count = projectId === DEFAULT_CREDENTIALS.projectId ? 3 : 1;
        rows = seedDeployments(
          new Prng(hash(`deployments/${projectId}`)),
          projectId,
          count,
          facts!.deployment.statusEnum,
        );
        ctx.state.deployments.set(projectId, rows);
      }
      return rows;
    },
  };
  if (opts.defect) {
    const why = checkDefectSpecs(opts.defect, catalog);
    if (why) throw new Error(why);
  }
  setCore(
    ctx,
    new Core(ctx, catalog, habitsFor([...new Set(catalog.operations.map((o) => o.service))]), {
      defaultProject: DEFAULT_CREDENTIALS.projectId,
      ...(opts.seed ? { sizes: opts.seed } : {}),
    }),
  );
  if (opts.seed) {
    const names = new Set([...coreOf(ctx).table.collections.values()].map((c) => c.name));
    const unknown = Object.keys(opts.seed).filter((n) => !names.has(n) && n !== 'backups' && n !== 'images');
    if (unknown.length)
      throw new Error(
        `--seed: no collection named ${unknown.join(', ')}; collections: ${[...names].sort().join(', ')}`,
      );
  }
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
  const bodyDefects = specs.filter((s) => GENERIC_BODY.has(s.name) || s.name === 'success-code-wrong');
  app.use('*', async (c, next) => {
    let located = locate(ctx, c.req.method, new URL(c.req.url).pathname);
    await current.run({ ...(located ? { operation: located.op.id } : {}) }, next);
    // The core may have chosen another operation on the same template (an action by its body's key).
    const chosen = c.get('operation' as never) as string | undefined;
    if (located && chosen && chosen !== located.op.id)
      located =
        coreOf(ctx)
          .table.byOperation.get(chosen)
          ?.find((r) => r.template === located!.template) ?? located;
    // A success answer: a 2xx, or a code the page documents as the success (the 300 of a versions document).
    const success =
      located !== undefined &&
      (c.res.status < 300 || located.op.statusCodes.some((x) => x.kind === 'success' && x.code === c.res.status));
    if (located && success) {
      for (const s of bodyDefects) {
        if (s.operation !== undefined && s.operation !== located.op.id) continue;
        if (!defectApplies(s.name, located)) continue;
        if (s.name === 'success-code-wrong') {
          const status = c.res.status === 200 ? 201 : 200;
          c.res = new Response(c.res.body, { status, headers: c.res.headers });
          continue;
        }
        const type = c.res.headers.get('content-type') ?? '';
        if (!type.includes('json')) continue;
        const text = await c.res.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          c.res = new Response(text, { status: c.res.status, headers: c.res.headers });
          continue;
        }
        c.res = new Response(JSON.stringify(mutateBody(s.name, located, body)), {
          status: c.res.status,
          headers: c.res.headers,
        });
      }
    }
    const requestId = `req-${requestIds.uuid()}`;
    if (!ctx.defect('request-id-missing')) c.res.headers.set('x-openstack-request-id', requestId);
    const path = new URL(c.req.url).pathname;
    if (ctx.defect('content-type-text-plain') && c.res.status < 300 && located) {
      c.res.headers.set('Content-Type', 'text/plain; charset=UTF-8');
    }
  });
  app.route('/identity', keystoneRoutes(ctx));
  const modules = facts ? ['orchestration', 'image', 'block-storage'] : [];
  if (facts) {
    app.route('/heat-api', heatRoutes(ctx));
    app.route('/image', glanceRoutes(ctx));
    app.route('/volume', cinderRoutes(ctx));
  }
  // Services the catalog has and no module of their own plays: the generic core alone.
  for (const service of coreOf(ctx).services()) {
    if (modules.includes(service)) continue;
    const prefix = coreOf(ctx).habit(service).prefix;
    app.use(`${prefix}/*`, fromCore(ctx, service));
    app.use(prefix, fromCore(ctx, service));
  }
  app.notFound((c) => send(c, webobError(404, '', c.req.header('accept'))));
  // Never a crash: an unexpected error is a plain 500, logged once to stderr.
  app.onError((err, c) => {
    process.stderr.write(
      `reference target: ${c.req.method} ${new URL(c.req.url).pathname}: ${err.stack ?? err.message}\n`,
    );
    return send(c, webobError(500, '', c.req.header('accept')));
  });
  return { app, credentials: { ...DEFAULT_CREDENTIALS } };
}

/** The route a request is for, matched against the catalog's templates under each service's prefix. */
function locate(ctx: TargetContext, method: string, path: string) {
  for (const service of coreOf(ctx).services()) {
    const prefix = coreOf(ctx).habit(service).prefix;
    if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
    const m = coreOf(ctx).match(service, method, path.slice(prefix.length).split('/').filter(Boolean));
    if (m && 'route' in m) return m.route;
  }
  return undefined;
}

/** Facts of the seed operations, or an empty shell when the catalog lacks them (the core serves what it has). */
function seedFacts(catalog: Catalog): TargetFacts | undefined {
  try {
    return factsFromCatalog(catalog);
  } catch {
    return undefined;
  }
}

/** FNV-1a: a stable 32-bit seed from a name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
