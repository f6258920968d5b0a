// The one write scenario every orchestration family reads: create a deployment named as the suite's
// own (`cac-` server and config ids, status_reason), show it, update it, show it again. Run once per
// worker; the created deployment (and config, when one had to be made) is deleted when the worker ends,
// and stale deployments an earlier crashed run left (sweep.ts) are deleted before anything is created.
import { exercised } from './exercised.ts';
import type { Field, Operation } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import type { CheckContext } from './model.ts';
import { sweepLeftovers, type Sweep } from './sweep.ts';
import { urlFor } from './target.ts';

export interface Lifecycle {
  create?: Operation;
  show?: Operation;
  update?: Operation;
  createBody: Record<string, unknown>;
  updateBody: Record<string, unknown>;
  created?: Reply;
  id?: string;
  shown?: Reply;
  updated?: Reply;
  shownAfterUpdate?: Reply;
  /** Deployments an earlier, crashed run left behind and this one removed before creating. */
  swept?: Sweep;
  /** Why a step could not run (create not served, create refused, no id in the answer). */
  problem?: string;
  problemReply?: Reply;
}

export const SUITE_PREFIX = 'cac-';

export function runTag(): string {
  return `${SUITE_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const ID_PARAM = /\{(?!project_id\}|tenant_id\})([^}]+)\}/;

export function lifecycleOperations(ctx: CheckContext): { create?: Operation; show?: Operation; update?: Operation } {
  const ops = ctx.catalog.operations.filter((o) => o.service === ctx.operation.service && exercised(o));
  return {
    create: ops.find((o) => o.method === 'POST'),
    show: ops.find((o) => o.method === 'GET' && ID_PARAM.test(o.path)),
    update: ops.find((o) => o.method === 'PUT' || o.method === 'PATCH'),
  };
}

export function idParamOf(op: Operation): string | undefined {
  return ID_PARAM.exec(op.path)?.[1];
}

/** A value of the documented type that is recognisably ours. */
function valueFor(field: Field, tag: string, purpose: 'create' | 'update'): unknown {
  if (field.enum && field.enum.length > 0) {
    return purpose === 'create' ? field.enum[Math.min(1, field.enum.length - 1)] : field.enum[0];
  }
  switch (field.type) {
    case 'object':
      return { [`cac_${purpose}`]: `${tag}-${field.name}` };
    case 'array':
      return [`${tag}-${field.name}`];
    case 'integer':
    case 'number':
      return purpose === 'create' ? 1 : 2;
    case 'boolean':
      return purpose === 'create';
    default:
      return `${tag}-${purpose}-${field.name.replace(/_/g, '-')}`;
  }
}

/** Nest `a.b` paths into an object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let node = target;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) node[part] = value;
    else node = (node[part] ??= {}) as Record<string, unknown>;
  });
}

/** Fields sent on create: every documented body field but those upstream never returns. */
export function createBody(op: Operation, tag: string, configId?: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of op.requestBody) {
    if (field.in !== 'body') continue;
    // Accepted on create but never echoed upstream; sending it proves nothing and leaks a fake project id.
    if (/stack_user_project_id/.test(field.name)) continue;
    const value = field.name === 'config_id' && configId ? configId : valueFor(field, tag, 'create');
    setPath(body, field.path || field.name, value);
  }
  return body;
}

export function updateBody(op: Operation, tag: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of op.requestBody) {
    if (field.in !== 'body' || field.name === 'config_id') continue;
    setPath(body, field.path || field.name, valueFor(field, tag, 'update'));
  }
  return body;
}

/** The object a response wraps (`software_deployment`), or the body itself. */
export function resource(reply: Reply | undefined): Record<string, unknown> | undefined {
  const json = reply?.json;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const values = Object.values(json as Record<string, unknown>);
  if (values.length === 1 && values[0] && typeof values[0] === 'object' && !Array.isArray(values[0])) {
    return values[0] as Record<string, unknown>;
  }
  return json as Record<string, unknown>;
}

/** The software configs collection beside the deployments one (`…/software_deployments` → `…/software_configs`). */
function configsPath(createPath: string): string | undefined {
  return /\/software_deployments$/.test(createPath) ? createPath.replace(/software_deployments$/, 'software_configs') : undefined;
}

/**
 * A real software config of the suite's own, made once per worker and shared by every request that
 * sends a config_id (the lifecycle and the negative probes). Heat checks no config on create, but the
 * database's foreign key does: a made-up id answers 500 (or 400 and a dangling row on plain SQLite,
 * OBSERVED.md H39/F1), whatever the field a probe is about. Undefined when the target makes none (the
 * caller then sends a made-up id: a target without configs has nothing to refer to).
 */
export function softwareConfig(ctx: CheckContext): Promise<string | undefined> {
  return ctx.memo(`software config ${ctx.operation.service}`, async () => {
    const create = lifecycleOperations(ctx).create;
    const endpoint = ctx.session.endpoints[ctx.operation.service];
    const path = create ? configsPath(create.path) : undefined;
    if (!create || !endpoint || !path || !create.requestBody.some((f) => f.name === 'config_id')) return undefined;
    const url = urlFor(ctx, { path, endpoint });
    const tag = runTag();
    const reply = await ctx.client.send({
      method: 'POST',
      url,
      json: { name: `${tag}-config`, group: 'script', config: '', inputs: [], outputs: [], options: {} },
    });
    const made = resource(reply);
    if (reply.status === undefined || reply.status >= 300 || typeof made?.id !== 'string') return undefined;
    ctx.track({ kind: 'software config', id: made.id, deleteUrl: `${url}/${encodeURIComponent(made.id)}` });
    return made.id;
  });
}

/** The config_id a create sends: the shared real config, or a made-up one of the suite's own. */
export async function configIdFor(ctx: CheckContext, op: Operation, tag: string): Promise<string | undefined> {
  if (!op.requestBody.some((f) => f.name === 'config_id')) return undefined;
  return (await softwareConfig(ctx)) ?? `${tag}-config`;
}

export function lifecycle(ctx: CheckContext): Promise<Lifecycle> {
  return ctx.memo('lifecycle', async () => {
    const ops = lifecycleOperations(ctx);
    const tag = runTag();
    const state: Lifecycle = { ...ops, createBody: {}, updateBody: {} };
    const endpoint = ctx.session.endpoints[ctx.operation.service];
    if (!ops.create || !endpoint) {
      state.problem = !endpoint ? `no ${ctx.operation.service} endpoint` : 'the catalog has no create operation';
      return state;
    }
    const showIdParam = ops.show ? idParamOf(ops.show) : undefined;
    if (ops.show && showIdParam) state.swept = await sweepLeftovers(ctx, endpoint, ops.create.path, ops.show.path, showIdParam);
    const config = await configIdFor(ctx, ops.create, tag);
    state.createBody = createBody(ops.create, tag, config);
    const createUrl = urlFor(ctx, { path: ops.create.path, endpoint });
    state.created = await ctx.client.send({ method: 'POST', url: createUrl, json: state.createBody });
    const made = resource(state.created);
    const idParam = ops.show ? idParamOf(ops.show) : undefined;
    if (typeof made?.id === 'string' && ops.show && idParam) {
      state.id = made.id;
      const showUrl = urlFor(ctx, { path: ops.show.path, endpoint }, { [idParam]: made.id });
      ctx.track({ kind: ops.create.id, id: made.id, deleteUrl: showUrl });
    }
    if (state.created.status === 404) {
      state.problem = `not served: POST ${createUrl} answers 404`;
      state.problemReply = state.created;
      return state;
    }
    if (!state.id || !ops.show || !idParam) {
      state.problem = `create gave no deployment id (status ${state.created.status ?? state.created.error})`;
      state.problemReply = state.created;
      return state;
    }
    const showUrl = urlFor(ctx, { path: ops.show.path, endpoint }, { [idParam]: state.id });
    state.shown = await ctx.client.send({ method: 'GET', url: showUrl });
    if (ops.update) {
      const updateIdParam = idParamOf(ops.update) ?? idParam;
      state.updateBody = updateBody(ops.update, tag);
      const updateUrl = urlFor(ctx, { path: ops.update.path, endpoint }, { [updateIdParam]: state.id });
      state.updated = await ctx.client.send({ method: ops.update.method, url: updateUrl, json: state.updateBody });
      state.shownAfterUpdate = await ctx.client.send({ method: 'GET', url: showUrl });
    }
    return state;
  });
}

/** The replies of the lifecycle an operation's body checks read. */
export function lifecycleReplies(state: Lifecycle, op: Operation): Reply[] {
  if (op.id === state.create?.id) return state.created ? [state.created] : [];
  if (op.id === state.update?.id) return state.updated ? [state.updated] : [];
  if (op.id === state.show?.id) return [state.shown, state.shownAfterUpdate].filter((r): r is Reply => !!r);
  return [];
}
