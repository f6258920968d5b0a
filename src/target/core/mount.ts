// The generic core behind a service's router: after the service's own routes, any path the catalog
// documents for that service is answered by the core, behind the same token and project checks.
import type { Context, MiddlewareHandler } from 'hono';
import type { TargetContext } from '../context.ts';
import { send } from '../context.ts';
import { checkToken, type Caller } from '../keystone.ts';
import { ownedByModule } from '../switches.ts';
import { matchRoute } from './routes.ts';
import { coreOf } from './registry.ts';

export function fromCore(ctx: TargetContext, service: string): MiddlewareHandler {
  return async (c: Context, next) => {
    const prefix = coreOf(ctx).habit(service).prefix;
    const path = new URL(c.req.url).pathname;
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const parts = rest.split('/').filter(Boolean);
    const m = coreOf(ctx).match(service, c.req.method, parts);
    if (!m) return next();
    // Resources a service module serves itself stay with it.
    if (
      coreOf(ctx)
        .table.forService(service)
        .some((r) => ownedByModule(r) && matchRoute(r, parts))
    )
      return next();
    let caller = c.get('caller') as Caller | undefined;
    // Version documents (`/`, `/{api_version}`) answer without a token, as every service's do.
    const open = 'route' in m && m.route.kind === 'document' && m.route.segments.length <= 1;
    if (!caller && open) caller = { projectId: '', userId: '' };
    if (!caller) {
      const checked = checkToken(ctx, c);
      if ('status' in checked) return send(c, checked);
      caller = checked;
    }
    if ('route' in m) {
      const project = m.params.project_id ?? m.params.tenant_id;
      if (project !== undefined && project !== caller.projectId && !ctx.defect('scope-other-project-allowed')) {
        return send(
          c,
          coreOf(ctx).habit(service).fault(ctx, 403, 'Access was denied to this resource.', c.req.header('accept')),
        );
      }
    }
    const r = await coreOf(ctx).handle(c, service, parts, caller);
    return r ?? next();
  };
}
