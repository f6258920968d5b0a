// Documented errors provoked for real, each request made once per worker and shared by the
// status-code and error-body checks: no token, a made-up token, an unknown id, malformed JSON, a
// missing mandatory field, a wrong type, a bad filter value, another project's path.
import type { Decision, Field, Operation } from '../catalog/model.ts';
import type { Reply } from '../http/client.ts';
import type { CheckContext } from './model.ts';
import { purposeOf, requestPayload, runTag, setPath } from './plans/bodies.ts';
import { isNotTested, memberParam, plannerFor, prepare, trackMade } from './plans/obtain.ts';
import { isListOperation } from './replies.ts';
import { served, urlFor, urlForProject } from './target.ts';

export interface Provocation {
  condition: string;
  /** Codes that satisfy the requirement: the documented one, plus upstream's where it differs. */
  expected: number[];
  /** Any 4xx is a refusal (decision other-project-refused); `expected` then names the usual codes. */
  anyClientError?: boolean;
  reply: Reply;
  /**
   * Why an acceptance tells nothing: the valid request itself named that resource with a value of
   * the suite's own (a reviewed decision's any value, such as a server no page models) and was
   * accepted, so the suite knows no id the target would call unknown.
   */
  unjudgedAcceptance?: string;
}

export type Provoked = Provocation | { notApplicable: string } | { notTested: string };

export const CONDITIONS = [
  '401-missing-token',
  '401-invalid-token',
  '404-unknown-id',
  '400-malformed-json',
  '400-missing-mandatory',
  '400-wrong-type',
  '400-bad-filter-value',
  '403-other-project',
] as const;

/**
 * A project id shaped like Keystone's (32 hex digits) that is not the token's. Random, so it never
 * names a project the token may really reach (a fixed id could, on some cloud).
 */
export function otherProjectId(own: string): string {
  let id: string;
  do id = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  while (id === own.toLowerCase());
  return id;
}

function unknownId(): string {
  const hex = Array.from({ length: 12 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `00000000-0000-4000-8000-${hex}`;
}

/** A value of the wrong JSON type for a documented field. */
function wrongValue(field: Field): unknown {
  return field.type === 'string' ? 12345 : 'cac-wrong-type';
}

export const BAD_FILTER_PARAMS = ['limit', 'size_min', 'size_max', 'offset', 'min_ram', 'min_disk'];

/**
 * The query parameter a malformed value is sent in: one the page types as a number, or one a reviewed
 * decision (that of the operation's bad-value requirement) names for this operation (upstream refuses a non-number in `size_min` that the page types as a
 * string). A parameter the page types as a string and no decision names is never assumed numeric.
 */
export function badFilterParam(op: Operation, decisions: readonly Decision[] = []): Field | undefined {
  const numeric = (p: Field) => p.type === 'integer' || p.type === 'number';
  const decided = (p: Field) =>
    decisions.some((d) => d.reviewed && d.appliesTo.some((a) => a.operation === op.id && a.subject === p.name));
  for (const name of BAD_FILTER_PARAMS) {
    const param = op.queryParams.find((p) => p.name === name);
    if (param && (numeric(param) || decided(param))) return param;
  }
  return op.queryParams.find(numeric);
}

/** Sends a request that must be refused; if a write is accepted anyway, what it made is cleaned up. */
async function send(
  ctx: CheckContext,
  op: Operation,
  spec: Parameters<CheckContext['client']['send']>[0],
  params: Record<string, string>,
  project?: string,
): Promise<Reply> {
  const reply = await ctx.client.send(spec);
  trackMade(
    ctx,
    op,
    reply,
    params,
    project ? (url) => urlForProject(ctx, { path: '', endpoint: url }, project) : undefined,
  );
  return reply;
}

/** The nodes a body path names: `a.b` one, `[].op` the `op` of every item of an array body. */
function parentsOf(body: unknown, path: string): { node: Record<string, unknown>; key: string }[] {
  const parts = path.split('.').filter(Boolean);
  let nodes: unknown[] = [body];
  for (const part of parts.slice(0, -1)) {
    nodes = nodes.flatMap((n) => {
      if (part === '[]' || part.endsWith('[]')) {
        const inner = part === '[]' ? n : (n as Record<string, unknown> | undefined)?.[part.slice(0, -2)];
        return Array.isArray(inner) ? inner : [];
      }
      const next = n && typeof n === 'object' ? (n as Record<string, unknown>)[part] : undefined;
      return next === undefined ? [] : [next];
    });
  }
  const key = parts.at(-1) ?? '';
  return nodes
    .filter((n): n is Record<string, unknown> => !!n && typeof n === 'object' && !Array.isArray(n))
    .map((node) => ({ node, key }));
}

/** Removes the field a body path names (in every item, for an array). */
export function deleteAt(body: unknown, path: string): void {
  for (const { node, key } of parentsOf(body, path)) delete node[key];
}

/** Sets the field a body path names; through arrays, in every item. */
export function setAt(body: Record<string, unknown>, path: string, value: unknown): void {
  if (path.includes('[]')) for (const { node, key } of parentsOf(body, path)) node[key] = value;
  else setPath(body, path, value);
}

export function provoke(ctx: CheckContext, condition: string): Promise<Provoked> {
  const op = ctx.operation;
  return ctx.memo(`provoke ${op.id} ${condition}`, async (): Promise<Provoked> => {
    const where = await served(ctx, op);
    if ('notServed' in where) return { notApplicable: where.notServed };
    const list = isListOperation(op);
    const idParam = memberParam(op);
    const tag = runTag();
    // A valid request (real prerequisites, as the request plan obtains them) that each probe spoils in
    // one way only. Without one, only the token probes can still be asked (the token is checked first).
    const prepared = await prepare(ctx, op);
    const auth = condition.startsWith('401');
    if (isNotTested(prepared) && !auth)
      return { notTested: `no valid request of ${op.id} to spoil: ${prepared.notTested}` };
    const params = isNotTested(prepared)
      ? Object.fromEntries(
          [...op.path.matchAll(/\{([^}]+)\}/g)]
            // The project is the session's (pathParams fills it): only the resource ids are made up.
            .filter((m) => m[1] !== 'project_id' && m[1] !== 'tenant_id')
            .map((m) => [m[1]!, unknownId()]),
        )
      : prepared.params;
    const url = urlFor(ctx, where, params);
    const refs = isNotTested(prepared) ? {} : prepared.refs;
    const optionalRefs = isNotTested(prepared) ? new Set<string>() : prepared.optionalRefs;
    // The request's media type is the catalog's (a JSON-patch type where the page documents one), so a
    // spoilt body is refused for what is wrong in it, not for its Content-Type.
    const purpose = purposeOf(op);
    const payload = requestPayload(op, tag, purpose, refs, optionalRefs, isNotTested(prepared) ? {} : prepared.given);
    const headers = payload.headers ?? {};
    const body: unknown =
      op.method === 'GET' || op.method === 'DELETE'
        ? undefined
        : payload.raw !== undefined && op.requestBodyForm?.kind !== 'binary'
          ? JSON.parse(payload.raw)
          : payload.json;
    const plain = {
      method: op.method,
      url,
      headers,
      ...(body !== undefined ? { json: body } : payload.raw !== undefined ? { raw: payload.raw } : {}),
    };
    const code = Number(condition.slice(0, 3));
    const done = (reply: Reply, expected = [code]): Provocation => ({ condition, expected, reply });

    switch (condition) {
      case '401-missing-token':
        return done(await send(ctx, op, { ...plain, auth: 'none' }, params));
      case '401-invalid-token':
        return done(await send(ctx, op, { ...plain, auth: 'invalid' }, params));
      case '404-unknown-id': {
        if (!idParam) return { notApplicable: `${op.id} takes no resource id` };
        // A PUT that makes its member under the name sent (`…/tags/{tag}`) has no unknown name: the
        // unknown id is its parent's.
        const ids = [...op.path.matchAll(/\{([^}]+)\}/g)]
          .map((m) => m[1]!)
          .filter((p) => p !== 'project_id' && p !== 'tenant_id');
        // The same holds for the other methods on that path (DELETE `…/tags/{tag}`): the name is the
        // client's choice, not an id, and "unknown" is said of the parent.
        const planner = plannerFor(ctx);
        const named = ctx.catalog.operations.some(
          (o) => o.service === op.service && o.path === op.path && planner.plan(o.id).ownName === idParam,
        );
        const probed = named ? ids.at(-2) : idParam;
        if (!probed) return { notApplicable: `${op.id} makes the member its path names; no id of it can be unknown` };
        const unknown = urlFor(ctx, where, { ...params, [probed]: unknownId() });
        const provocation = done(await send(ctx, op, { ...plain, url: unknown }, params));
        const binding = isNotTested(prepared)
          ? undefined
          : prepared.plan.bindings.find((b) => b.in === 'path' && b.name === probed);
        const source =
          binding && !isNotTested(prepared) ? prepared.plan.order.find((o) => o.key === binding.from) : undefined;
        if (source?.source.kind === 'any-value')
          provocation.unjudgedAcceptance = `{${probed}} names a ${source.resource} the suite cannot look up: its valid request used an id of its own (${params[probed]}, decision ${source.source.decision}), so an id it makes up is no more unknown than that one`;
        return provocation;
      }
      case '400-malformed-json':
        if (op.method === 'GET') return { notApplicable: `${op.id} takes no request body` };
        return done(await send(ctx, op, { method: op.method, url, headers, raw: '{"cac": "malformed json",' }, params));
      case '400-missing-mandatory': {
        const mandatory = op.requestBody.filter((f) => f.in === 'body' && f.required);
        if (mandatory.length === 0) return { notApplicable: `${op.id} has no mandatory body field` };
        // One request per mandatory field, each missing only that one: a target that checks only some
        // of them is seen. The worst answer is the one judged: an acceptance or another code before a
        // server error (the upstream habit a decision excuses), before the documented code.
        const rank = (r: Reply) => (r.status === code ? 0 : r.status !== undefined && r.status >= 500 ? 1 : 2);
        let judged: Reply | undefined;
        for (const f of mandatory) {
          const partial = structuredClone(body) as Record<string, unknown>;
          deleteAt(partial, f.path || f.name);
          const reply = await send(ctx, op, { method: op.method, url, headers, json: partial }, params);
          if (!judged || rank(reply) > rank(judged)) judged = reply;
        }
        return done(judged!);
      }
      case '400-wrong-type': {
        if (op.method === 'GET') return { notApplicable: `${op.id} takes no request body` };
        // A field the valid body carries (an array body's items carry only some of the documented keys).
        const carried = op.requestBody.filter(
          (f) => f.in === 'body' && parentsOf(body, f.path || f.name).some(({ node, key }) => key in node),
        );
        const field =
          carried.find((f) => f.type === 'object') ??
          carried.find((f) => f.required) ??
          carried[0] ??
          op.requestBody.find((f) => f.in === 'body' && f.type === 'object') ??
          op.requestBody.find((f) => f.in === 'body');
        if (!field) return { notApplicable: `${op.id} documents no body field` };
        const wrong = structuredClone(body) as Record<string, unknown>;
        setAt(wrong, field.path || field.name, wrongValue(field));
        return done(await send(ctx, op, { method: op.method, url, headers, json: wrong }, params));
      }
      case '400-bad-filter-value': {
        if (!list) return { notApplicable: `${op.id} takes no filters` };
        // The decision of this operation's bad-value requirement names the parameters upstream refuses.
        const why = ctx.catalog.requirements.find((r) => r.operation === op.id && r.subject === condition)?.decision;
        const param = badFilterParam(
          op,
          ctx.catalog.decisions.filter((d) => d.id === why),
        );
        if (!param)
          return {
            notApplicable: `${op.id} documents no query parameter typed as a number (nor one a reviewed decision says upstream refuses a non-number in)`,
          };
        return done(
          await send(
            ctx,
            op,
            { method: 'GET', url: urlFor(ctx, where, params, { [param.name]: 'cac-not-a-number' }) },
            params,
          ),
        );
      }
      case '403-other-project': {
        if (!/\{(project_id|tenant_id)\}/.test(where.path))
          return { notApplicable: `${op.id} has no project in its path` };
        const project = otherProjectId(ctx.session.projectId);
        const other = urlForProject(ctx, where, project, params);
        // Upstream Cinder answers 400 "Malformed request url"; Heat answers 403. Any refusal will do.
        const expected = op.service === 'block-storage' ? [403, 400] : [403];
        return {
          ...done(await send(ctx, op, { ...plain, url: other }, params, project), expected),
          anyClientError: true,
        };
      }
      default:
        return { notApplicable: `no way to provoke "${condition}"` };
    }
  });
}

/** Conditions a subject names: the condition itself, or every condition of a bare code. */
export function conditionsFor(subject: string): string[] {
  if ((CONDITIONS as readonly string[]).includes(subject)) return [subject];
  if (/^\d{3}$/.test(subject)) return CONDITIONS.filter((c) => c.startsWith(subject));
  return [subject];
}
