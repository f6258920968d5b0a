// stateful: create → show → update → show. The id stays the same, what was created is what is shown,
// the update is applied and visible, and updated_time appears once the resource has been updated.
import { exercised } from '../exercised.ts';
import type { Requirement } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { show } from '../json-path.ts';
import { lifecycle, resource } from '../lifecycle.ts';
import { Findings, type Check, type CheckContext } from '../model.ts';
import { isParseError, parseTimestamp } from '../timestamp.ts';

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}

/** Sent values (flattened under an envelope if any) that the response documents. */
function sentFields(ctx: CheckContext, body: Record<string, unknown>): [string, unknown][] {
  const flat = Object.keys(body).length === 1 && typeof Object.values(body)[0] === 'object' && !Array.isArray(Object.values(body)[0])
    ? (Object.values(body)[0] as Record<string, unknown>)
    : body;
  const documented = new Set((ctx.catalog.operations.find((o) => exercised(o) && o.method === 'GET' && o.service === ctx.operation.service && /\{(?!project_id|tenant_id)/.test(o.path))?.response ?? ctx.operation.response).map((f) => f.name));
  return Object.entries(flat).filter(([k]) => documented.has(k));
}

function subjectField(req: Requirement): string | undefined {
  const leaf = req.subject.split('.').pop();
  return leaf && /^[a-z_]+$/.test(leaf) && !['id', 'deployment', 'software_deployment'].includes(leaf) ? leaf : undefined;
}

function compare(
  req: Requirement,
  findings: Findings,
  fields: [string, unknown][],
  reply: Reply | undefined,
  what: string,
): void {
  const shown = resource(reply);
  if (!reply || reply.status !== 200 || !shown) {
    findings.failReply(req, reply, {
      message: `${what}: the resource could not be shown`,
      received: reply ? `${reply.status ?? reply.error} ${reply.text.slice(0, 120)}` : 'no request made',
      documented: '200 with the resource',
    });
    return;
  }
  const only = subjectField(req);
  for (const [name, sent] of fields) {
    if (only && name !== only) continue;
    if (deepEqual(shown[name], sent)) continue;
    findings.failReply(req, reply, {
      message: `${what}: ${name} is not what was sent`,
      received: show(shown[name]),
      documented: show(sent),
    });
  }
}

export const deploymentLifecycle: Check = {
  id: 'resource-lifecycle-consistent',
  family: 'stateful',
  assertions: ['id-stable', 'create-persisted', 'update-applied', 'updated-time-set'],
  title: 'create, show, update and show again agree with each other',
  appliesTo: (op) => op.method !== 'GET' || /\{(?!project_id|tenant_id)/.test(op.path),
  writes: true,
  run: async (ctx, requirements) => {
    const findings = new Findings();
    const state = await lifecycle(ctx);
    for (const r of [state.created, state.shown, state.updated, state.shownAfterUpdate]) if (r) ctx.touched(r);
    for (const req of requirements) {
      if (state.problem && !state.id) {
        if (state.problem.startsWith('not served')) findings.notApplicable(req, state.problem);
        else findings.failReply(req, state.problemReply, { message: `the lifecycle could not start: ${state.problem}` });
        continue;
      }
      switch (req.assertion) {
        case 'id-stable': {
          const ids = [state.created, state.shown, state.updated, state.shownAfterUpdate].map((r) => resource(r)?.id);
          const changed = ids.findIndex((id) => id !== undefined && id !== state.id);
          if (changed >= 0) {
            const step = ['create', 'show', 'update', 'show after update'][changed];
            findings.failReply(req, [state.created, state.shown, state.updated, state.shownAfterUpdate][changed], {
              message: `the id changed at ${step}`,
              received: show(ids[changed]),
              documented: `${state.id}, the id create gave`,
            });
          }
          if (state.shownAfterUpdate && state.shownAfterUpdate.status !== 200) {
            findings.failReply(req, state.shownAfterUpdate, {
              message: 'after the update the resource can no longer be shown by its id',
              received: `${state.shownAfterUpdate.status ?? state.shownAfterUpdate.error}`,
              documented: '200',
            });
          }
          break;
        }
        case 'create-persisted': {
          compare(req, findings, sentFields(ctx, state.createBody), state.shown, 'after create');
          const swept = state.swept;
          if (swept && (swept.deleted.length > 0 || swept.problems.length > 0)) {
            findings.note(req, [
              swept.deleted.length > 0 ? `removed ${swept.deleted.length} deployment(s) an earlier run of the suite left behind (${swept.deleted.join(', ')})` : '',
              ...swept.problems,
            ].filter(Boolean).join('; '));
          }
          break;
        }
        case 'update-applied':
          if (!state.updated) {
            findings.notApplicable(req, 'the catalog has no update operation');
            break;
          }
          if (state.updated.status === undefined || state.updated.status >= 300) {
            findings.failReply(req, state.updated, {
              message: `the update was refused: ${state.updated.status ?? state.updated.error}`,
              received: state.updated.text.slice(0, 160),
            });
            break;
          }
          compare(req, findings, sentFields(ctx, state.updateBody), state.updated, 'in the update answer');
          compare(req, findings, sentFields(ctx, state.updateBody), state.shownAfterUpdate, 'shown after update');
          break;
        case 'updated-time-set': {
          const after = resource(state.shownAfterUpdate);
          const key = ctx.operation.response.find((f) => /updated/.test(f.name) && f.timestamp)?.name ?? 'updated_time';
          const createdKey = ctx.operation.response.find((f) => /creat/.test(f.name) && f.timestamp)?.name ?? 'creation_time';
          const updated = after?.[key];
          if (!state.shownAfterUpdate || typeof updated !== 'string') {
            findings.failReply(req, state.shownAfterUpdate, {
              message: `${key} is not set after an update`,
              received: show(updated),
              documented: `${key}: the time of the update`,
            });
            break;
          }
          const u = parseTimestamp(updated), c = parseTimestamp(String(after?.[createdKey]));
          if (!isParseError(u) && !isParseError(c) && u.epochMs < c.epochMs) {
            findings.failReply(req, state.shownAfterUpdate, {
              message: `${key} is before ${createdKey} after an update`,
              received: `${updated} < ${String(after?.[createdKey])}`,
              documented: `${key} >= ${createdKey}`,
            });
          }
          break;
        }
        default:
          break;
      }
    }
    return findings;
  },
};
