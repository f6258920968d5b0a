// Cinder v3 at `<base>/volume`: the versions documents clients discover the microversion range
// from, and the backup summary list at the catalog's paths (`/v3/{project_id}/native/backups` and
// `/v3/{project_id}/backups`), behind keystonemiddleware, microversion negotiation and the
// "Malformed request url" project check, with Cinder's fault bodies.
import { Hono, type Context } from 'hono';
import type { TargetContext } from './context.ts';
import { originOf, send, sendJson } from './context.ts';
import { checkToken, type Caller } from './keystone.ts';
import { cinderFault, webobError, type ErrorResponse } from './faults.ts';
import { negotiate, parseVersion, show, type Version } from './microversion.ts';
import { listBackups } from './backups.ts';
import { formatTime } from './timestamps.ts';
import { fromCore } from './core/mount.ts';

type Env = { Variables: { caller: Caller; version: Version } };

const MIN = '3.0';

export function maxVersion(ctx: TargetContext): string {
  return ctx.variant('cinder-max-version-3.50') ? '3.50' : '3.71';
}

function fault(ctx: TargetContext, code: number, message: string): ErrorResponse {
  if (ctx.defect('backups-error-body-flat'))
    return { status: code, body: JSON.stringify({ code, message }), contentType: 'application/json' };
  return cinderFault(code, message);
}

/** Every v3 response, errors included, echoes the negotiated version (cinder/api/openstack/wsgi.py). */
function versionHeaders(ctx: TargetContext, v: Version | undefined): Record<string, string> {
  if (!v || ctx.defect('microversion-not-echoed')) return {};
  const echoed = ctx.defect('microversion-echo-wrong') ? MIN : show(v);
  return { 'OpenStack-API-Version': `volume ${echoed}`, Vary: 'OpenStack-API-Version' };
}

function v3Entry(ctx: TargetContext, origin: string): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: maxVersion(ctx),
    min_version: MIN,
    updated: '2023-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${origin}/volume/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

export function cinderRoutes(ctx: TargetContext): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/', (c) => sendJson(c, 300, { versions: [v3Entry(ctx, originOf(c))] }));
  app.get('/v3', (c) => sendJson(c, 200, { versions: [v3Entry(ctx, originOf(c))] }));
  app.get('/v3/', (c) => sendJson(c, 200, { versions: [v3Entry(ctx, originOf(c))] }));

  app.use('/v3/*', async (c, next) => {
    const caller = checkToken(ctx, c);
    if ('status' in caller) return send(c, caller);
    c.set('caller', caller);
    const n = negotiate(
      c.req.header('openstack-api-version'),
      parseVersion(MIN)!,
      parseVersion(maxVersion(ctx))!,
      ctx.defect('microversion-out-of-range-accepted'),
    );
    if (!n.ok) return send(c, fault(ctx, n.status, n.message));
    c.set('version', n.version);
    await next();
    for (const [k, v] of Object.entries(versionHeaders(ctx, n.version))) c.res.headers.set(k, v);
  });
  app.use('/v3/:project/*', async (c, next) => {
    if (c.req.param('project') !== c.get('caller').projectId && !ctx.defect('scope-other-project-allowed')) {
      return send(c, fault(ctx, 400, 'Malformed request url'));
    }
    await next();
  });

  const served = ctx.facts.backup.paths.filter(
    (p) => !(ctx.variant('backups-upstream-path-only') && p.includes('/native/')),
  );
  for (const template of served) {
    const path = template.replace('{project_id}', ':project');
    app.get(path, (c) => {
      const url = new URL(c.req.url);
      const result = listBackups(ctx, {
        projectId: c.req.param('project') as string,
        version: c.get('version'),
        query: url.searchParams,
        selfUrl: `${url.origin}${url.pathname}`,
        origin: url.origin,
      });
      if (!result.ok) return send(c, fault(ctx, result.status, result.message));
      return sendJson(c, 200, result.body);
    });
    app.get(`${path}/:id`, (c) => {
      const t = ctx.backupsOf(c.req.param('project') as string);
      const r = t.rowOf(c.req.param('id') as string);
      if (r === undefined) return send(c, fault(ctx, 404, `Backup ${c.req.param('id')} could not be found.`));
      const origin = originOf(c);
      const pid = c.req.param('project');
      return sendJson(c, 200, {
        backup: {
          id: t.id(r),
          name: t.name(r),
          status: t.statuses[t.status[r] as number],
          volume_id: t.volumeIds[t.volume[r] as number],
          created_at: formatTime(t.createdAt[r] as number, { fraction: 6, zone: 'none' }),
          links: [
            { rel: 'self', href: `${origin}/volume/v3/${pid}/backups/${t.id(r)}` },
            { rel: 'bookmark', href: `${origin}/volume/${pid}/backups/${t.id(r)}` },
          ],
        },
      });
    });
    app.all(path, (c) =>
      send(c, {
        ...fault(ctx, 405, `The method ${c.req.method} is not allowed for this resource.`),
        headers: { Allow: 'GET' },
      }),
    );
  }
  // Everything else the catalog documents for Cinder: the generic core.
  app.all('*', fromCore(ctx, 'block-storage'));
  app.all('/v3/*', (c) => send(c, webobError(404, '', c.req.header('accept'))));
  app.all('*', (c) => send(c, webobError(404, '', c.req.header('accept'))));
  return app;
}
