// Heat software deployments at `<base>/heat-api/v1/{project_id}/software_deployments`: create (200),
// show, update, list and delete (204) as upstream serves them (heat/api/openstack/v1/
// software_deployments.py, heat/engine/api.py format_software_deployment). Field lists, mandatory
// fields, types, the status enum and success codes come from the catalog facts.
import { Hono, type Context } from 'hono';
import type { TargetContext } from './context.ts';
import { send, sendJson } from './context.ts';
import { checkToken, type Caller } from './keystone.ts';
import { heatFault, webobError, type ErrorResponse } from './faults.ts';
import { readBody, mediaType, parseJson } from './body.ts';
import { formatTime, type TimeStyle } from './timestamps.ts';
import { microsOf, type DeploymentRow } from './seed.ts';
import type { BodyField } from './facts.ts';
import { fromCore } from './core/mount.ts';
import { coreOf } from './core/registry.ts';

/** Heat's max_json_body_size default. */
const MAX_JSON_BODY = 1_048_576;

type Env = { Variables: { caller: Caller } };

export function heatTimeStyle(ctx: TargetContext): TimeStyle {
  if (ctx.variant('heat-offset-plus-0200') || ctx.variant('offset-plus-0200'))
    return { fraction: 0, zone: { offsetMinutes: 120 } };
  if (ctx.variant('heat-utc-plus-00-00') || ctx.variant('utc-plus-00-00'))
    return { fraction: 0, zone: { offsetMinutes: 0 } };
  if (ctx.variant('heat-fractional-seconds')) return { fraction: 6, zone: 'Z' };
  return { fraction: 0, zone: 'Z' };
}

function fault(ctx: TargetContext, c: Context, e: ErrorResponse): Response {
  if (ctx.defect('deployment-error-body-plain') && e.status !== 401) {
    const parsed = JSON.parse(e.body) as { error?: { message?: string } };
    return send(c, webobError(e.status, parsed.error?.message ?? '', undefined));
  }
  return send(c, e);
}

function timeOf(ctx: TargetContext, us: number): string {
  if (ctx.defect('deployment-time-epoch')) return String(Math.floor(us / 1_000_000));
  const s = formatTime(us, heatTimeStyle(ctx));
  return ctx.defect('deployment-time-space-separator') ? s.replace('T', ' ') : s;
}

/** format_software_deployment: the catalog's keys, `updated_time` only once the row was updated. */
export function presentDeployment(ctx: TargetContext, row: DeploymentRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ctx.facts.deployment.keys) {
    if (key === 'creation_time') out[key] = timeOf(ctx, row.created_at);
    else if (key === 'updated_time') {
      if (row.updated_at === null || ctx.defect('deployment-updated-time-missing')) continue;
      out[key] = timeOf(
        ctx,
        ctx.defect('deployment-updated-before-created') ? row.created_at - 3_600_000_000 : row.updated_at,
      );
    } else if (key in row && key !== 'projectId') out[key] = row[key as keyof DeploymentRow];
  }
  if (ctx.defect('deployment-id-not-string')) out.id = parseInt(row.id.replace(/-/g, '').slice(0, 12), 16);
  if (ctx.defect('deployment-missing-config-id')) delete out.config_id;
  if (ctx.defect('deployment-server-id-null')) out.server_id = null;
  if (ctx.defect('deployment-status-lowercase') && typeof out.status === 'string')
    out.status = out.status.toLowerCase();
  if (ctx.defect('deployment-status-stack-style') && typeof out.status === 'string')
    out.status = `${row.action || 'CREATE'}_${out.status}`;
  if (ctx.variant('extra-response-fields')) out.links = [];
  return out;
}

function envelope(ctx: TargetContext, row: DeploymentRow): unknown {
  const body = presentDeployment(ctx, row);
  return ctx.defect('deployment-no-envelope') ? body : { [ctx.facts.deployment.envelope]: body };
}

const typeOfJson = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
const hasType = (v: unknown, type: BodyField['type']): boolean => {
  const t = typeOfJson(v);
  return t === type || (type === 'number' && t === 'integer');
};

const invalid = (reason: string): ErrorResponse => heatFault(400, 'Invalid', `Data supplied was not valid: ${reason}`);

/**
 * Validates a create/update body against the catalog's request fields: mandatory fields, JSON
 * types and the documented status values. Unknown keys are ignored, as Heat ignores them.
 */
function validate(ctx: TargetContext, body: Record<string, unknown>, fields: BodyField[]): ErrorResponse | undefined {
  for (const f of fields) {
    const v = body[f.name];
    if (v === undefined || v === null) {
      if (!f.required || ctx.defect('deployment-missing-field-accepted')) continue;
      // Upstream validates nothing here: the DB's NOT NULL constraint fails and Heat answers 500.
      if (ctx.variant('heat-missing-field-500')) return heatFault(500, 'DBError');
      return invalid(`"${f.name}" is mandatory`);
    }
    if (!hasType(v, f.type) && !ctx.defect('deployment-wrong-type-accepted'))
      return invalid(`"${f.name}" must be of type ${f.type}, got ${typeOfJson(v)}`);
    if (f.enum && typeof v === 'string' && !f.enum.includes(v) && !ctx.defect('deployment-status-enum-not-enforced')) {
      return invalid(`"${f.name}" must be one of ${f.enum.join(', ')}, got "${v}"`);
    }
  }
  const supi = body.stack_user_project_id;
  if (typeof supi === 'string' && supi.length > 64)
    return invalid('"stack_user_project_id" should be no more than 64 characters');
  return undefined;
}

/** JSONRequestDeserializer: a non-JSON content type drops the body; malformed JSON is a 400 with the parser's text. */
async function jsonBody(ctx: TargetContext, c: Context): Promise<{ body: Record<string, unknown> } | ErrorResponse> {
  const read = await readBody(c, MAX_JSON_BODY);
  if (read.kind === 'too-large') {
    return heatFault(
      400,
      'RequestLimitExceeded',
      `Request limit exceeded: JSON body size (${read.length} bytes) exceeds maximum allowed size (${MAX_JSON_BODY} bytes).`,
    );
  }
  if (read.text.length === 0 || mediaType(c) !== 'application/json') return heatFault(400, 'TypeError');
  const parsed = parseJson(read.text);
  if (!parsed.ok) {
    return ctx.defect('deployment-malformed-json-500')
      ? heatFault(500, 'ValueError')
      : heatFault(400, 'HTTPBadRequest', parsed.message);
  }
  const v = parsed.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return heatFault(400, 'AttributeError');
  return { body: v as Record<string, unknown> };
}

/**
 * Value a create stores for an omitted key. Upstream stores null (and "None" for status_reason), but
 * the pages allow null only for input_values/output_values (as decided), so the clean target keeps
 * the other keys strings: status starts IN_PROGRESS (where documented), the rest empty.
 */
function omitted(ctx: TargetContext, key: string, type: BodyField['type'] | undefined): unknown {
  if (key === 'status_reason' && ctx.variant('heat-status-reason-none')) return 'None';
  if (ctx.facts.deployment.nullableKeys.has(key)) return null;
  if (key === 'status')
    return ctx.facts.deployment.statusEnum.includes('IN_PROGRESS')
      ? 'IN_PROGRESS'
      : (ctx.facts.deployment.statusEnum[0] ?? '');
  if (type === 'object') return {};
  if (type === 'string') return '';
  return null;
}

export function heatRoutes(ctx: TargetContext): Hono<Env> {
  const app = new Hono<Env>();
  const facts = ctx.facts.deployment;

  app.get('/', (c) =>
    sendJson(c, 300, {
      versions: [
        { id: 'v1.0', status: 'CURRENT', links: [{ rel: 'self', href: `${new URL(c.req.url).origin}/heat-api/v1/` }] },
      ],
    }),
  );

  app.use('/v1/*', async (c, next) => {
    const caller = checkToken(ctx, c);
    if ('status' in caller) return send(c, caller);
    c.set('caller', caller);
    await next();
  });
  // heat util.registered_policy_enforce: a path project other than the token's is a 403.
  app.use('/v1/:project/*', async (c, next) => {
    if (c.req.param('project') !== c.get('caller').projectId && !ctx.defect('scope-other-project-allowed')) {
      return fault(ctx, c, heatFault(403, 'HTTPForbidden', 'Access was denied to this resource.'));
    }
    await next();
  });

  const rows = (c: Context<Env>): DeploymentRow[] => ctx.deploymentsOf(c.req.param('project') as string);
  const find = (c: Context<Env>): DeploymentRow | undefined => rows(c).find((r) => r.id === c.req.param('id'));
  const notFound = (c: Context<Env>): Response =>
    ctx.defect('deployment-unknown-id-500')
      ? fault(ctx, c, heatFault(500, 'AttributeError'))
      : fault(ctx, c, heatFault(404, 'NotFound', `Deployment with id ${c.req.param('id')} not found`));

  const base = '/v1/:project/software_deployments';
  app.get(base, (c) => {
    const serverId = c.req.query('server_id');
    const list = rows(c)
      .filter((r) => serverId === undefined || r.server_id === serverId)
      .sort((a, b) => a.created_at - b.created_at)
      .map((r) => presentDeployment(ctx, r));
    return sendJson(c, 200, { software_deployments: list });
  });

  app.post(base, async (c) => {
    const parsed = await jsonBody(ctx, c);
    if ('status' in parsed) return fault(ctx, c, parsed);
    const body = parsed.body;
    const bad = validate(ctx, body, facts.createFields);
    if (bad) return fault(ctx, c, bad);
    const types = new Map(facts.createFields.map((f) => [f.name, f.type]));
    const value = (k: string): any =>
      body[k] === undefined || body[k] === null ? omitted(ctx, k, types.get(k)) : body[k];
    const row: DeploymentRow = {
      id: ctx.rng.uuid(),
      projectId: c.req.param('project') as string,
      config_id: (body.config_id as string | undefined) ?? null,
      server_id: (body.server_id as string | undefined) ?? null,
      input_values: value('input_values'),
      output_values: value('output_values'),
      action: value('action'),
      status: value('status'),
      status_reason: value('status_reason'),
      created_at: microsOf(ctx.now()),
      updated_at: null,
    };
    if (!ctx.defect('deployment-create-not-persisted')) rows(c).push(row);
    return sendJson(c, ctx.defect('deployment-create-201') ? 201 : facts.createCode, envelope(ctx, row));
  });

  app.get(`${base}/:id`, (c) => {
    const row = find(c);
    return row ? sendJson(c, facts.showCode, envelope(ctx, row)) : notFound(c);
  });

  app.put(`${base}/:id`, async (c) => {
    const row = find(c);
    if (!row) return notFound(c);
    const parsed = await jsonBody(ctx, c);
    if ('status' in parsed) return fault(ctx, c, parsed);
    const bad = validate(ctx, parsed.body, facts.updateFields);
    if (bad) return fault(ctx, c, bad);
    // The API keeps only documented, non-None keys; the engine skips falsy values, so `{}` or ""
    // cannot clear a field; every successful PUT stamps updated_at.
    const next: DeploymentRow = { ...row, updated_at: microsOf(ctx.now()) };
    for (const f of facts.updateFields) {
      const v = parsed.body[f.name];
      if (v && f.name in next && f.name !== 'id' && f.name !== 'server_id') (next as any)[f.name] = v;
    }
    if (ctx.defect('deployment-id-changes-on-update')) next.id = ctx.rng.uuid();
    if (!ctx.defect('deployment-update-not-applied')) Object.assign(row, next);
    return sendJson(c, ctx.defect('deployment-update-202') ? 202 : facts.updateCode, envelope(ctx, next));
  });

  app.delete(`${base}/:id`, (c) => {
    const row = find(c);
    if (!row) return notFound(c);
    const list = rows(c);
    list.splice(list.indexOf(row), 1);
    return c.body(null, 204);
  });

  // Stacks whose resources complete (upstream heat-all with OS::Heat::None, RandomString,
  // SoftwareConfig): a created stack holds the resources its template names, each CREATE_COMPLETE,
  // and their events, in place of seeded ones. The core creates the stack itself.
  app.post('/v1/:project/stacks', async (c, next) => {
    const project = c.req.param('project') as string;
    const read = await readBody(c, MAX_JSON_BODY);
    (c as unknown as Context).set('rawBody', read);
    await next();
    if (c.res.status !== 201 || read.kind !== 'ok') return;
    const parsed = parseJson(read.text);
    const body =
      parsed.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : {};
    const shown = (await c.res
      .clone()
      .json()
      .catch(() => undefined)) as { stack?: { id?: unknown } } | undefined;
    const id = shown?.stack?.id;
    if (typeof id !== 'string' || typeof body.stack_name !== 'string') return;
    putStackResources(ctx, project, body.stack_name, id, templateResources(body.template));
  });

  const methodNotAllowed = (allow: string) => (c: Context<Env>) =>
    fault(ctx, c, {
      ...heatFault(405, 'HTTPMethodNotAllowed', `The method ${c.req.method} is not allowed for this resource.`),
      headers: { Allow: allow },
    });
  // Everything else the catalog documents for Heat: the generic core.
  app.all('*', fromCore(ctx, 'orchestration'));
  app.all(base, methodNotAllowed('GET, POST'));
  app.all(`${base}/:id`, methodNotAllowed('GET, PUT, DELETE'));
  app.all('*', (c) => send(c, webobError(404, '', c.req.header('accept'))));
  return app;
}

/** The resources a stack template names (an object, or its JSON text): name → definition. */
export function templateResources(template: unknown): Record<string, Record<string, unknown>> {
  let t = template;
  if (typeof t === 'string') {
    const parsed = parseJson(t);
    t = parsed.ok ? parsed.value : undefined;
  }
  const resources = t && typeof t === 'object' ? (t as Record<string, unknown>).resources : undefined;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources)) return {};
  return Object.fromEntries(
    Object.entries(resources as Record<string, unknown>).map(([name, def]) => [
      name,
      def && typeof def === 'object' && !Array.isArray(def) ? (def as Record<string, unknown>) : {},
    ]),
  );
}

/** A stack's resources, complete, and two events each (in progress, then complete), at the stack and per resource. */
export function putStackResources(
  ctx: TargetContext,
  project: string,
  stackName: string,
  stackId: string,
  resources: Record<string, Record<string, unknown>>,
): void {
  const core = coreOf(ctx);
  const base = `/v1/${project}/stacks/${encodeURIComponent(stackName)}/${stackId}`;
  const dependsOn = (def: Record<string, unknown>): string[] =>
    typeof def.depends_on === 'string'
      ? [def.depends_on]
      : Array.isArray(def.depends_on)
        ? def.depends_on.filter((d): d is string => typeof d === 'string')
        : [];
  const names = Object.keys(resources);
  const physical = new Map(names.map((n) => [n, ctx.rng.uuid()]));
  core.put(
    'orchestration',
    `${base}/resources`,
    project,
    names.map((name) => ({
      resource_name: name,
      logical_resource_id: name,
      physical_resource_id: physical.get(name)!,
      resource_type: typeof resources[name]!.type === 'string' ? resources[name]!.type : '',
      resource_status: 'CREATE_COMPLETE',
      resource_status_reason: 'state changed',
      required_by: names.filter((other) => dependsOn(resources[other]!).includes(name)),
    })),
    true,
  );
  const events = names.flatMap((name) =>
    ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'].map((status) => ({
      id: ctx.rng.uuid(),
      resource_name: name,
      logical_resource_id: name,
      physical_resource_id: physical.get(name)!,
      resource_status: status,
      resource_status_reason: 'state changed',
    })),
  );
  core.put('orchestration', `${base}/events`, project, events, true);
  for (const name of names) {
    core.put(
      'orchestration',
      `${base}/resources/${encodeURIComponent(name)}/events`,
      project,
      events.filter((e) => e.resource_name === name),
      true,
    );
  }
}
