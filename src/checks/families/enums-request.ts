// enums (requests): a request carrying a value outside the documented set is refused (4xx). Body
// fields are sent on create/update (writes); query fields on the list.
import type { Reply } from '../../http/client.ts';
import { configIdFor, createBody, idParamOf, lifecycle, resource, runTag, setPath, updateBody } from '../lifecycle.ts';
import { Findings, type Check } from '../model.ts';
import { writesFor } from '../replies.ts';
import { served, urlFor } from '../target.ts';

export const UNDOCUMENTED_VALUE = 'CAC_UNDOCUMENTED_VALUE';

export const enumRequest: Check = {
  id: 'enum-request-undocumented-value-rejected',
  family: 'enums',
  assertions: ['enum-request-rejected'],
  title: 'a request with an undocumented enumerated value is refused',
  appliesTo: () => true,
  writes: writesFor,
  run: async (ctx, requirements) => {
    const findings = new Findings();
    const op = ctx.operation;
    const where = await served(ctx);
    for (const req of requirements) {
      if ('notServed' in where) {
        findings.notApplicable(req, where.notServed);
        continue;
      }
      const name = req.subject.split('.').pop()!;
      const query = op.queryParams.find((p) => p.name === name);
      const bodyField = op.requestBody.find((f) => f.path.replace(/\[\]/g, '') === req.subject.replace(/\[\]/g, '') || f.name === name);
      let reply: Reply;
      if (query && op.method === 'GET') {
        reply = await ctx.client.send({ method: 'GET', url: urlFor(ctx, where, {}, { [query.name]: UNDOCUMENTED_VALUE }) });
      } else if (bodyField) {
        const tag = runTag();
        const idParam = idParamOf(op);
        const params: Record<string, string> = {};
        if (idParam) {
          const state = await lifecycle(ctx);
          if (!state.id) {
            findings.notApplicable(req, `no deployment to update: ${state.problem ?? 'create failed'}`);
            continue;
          }
          params[idParam] = state.id;
        }
        const body = op.method === 'POST' ? createBody(op, tag, await configIdFor(ctx, op, tag)) : updateBody(op, tag);
        setPath(body, bodyField.path || bodyField.name, UNDOCUMENTED_VALUE);
        reply = await ctx.client.send({ method: op.method, url: urlFor(ctx, where, params), json: body });
        const made = resource(reply);
        const show = (await lifecycle(ctx)).show;
        const showId = show ? idParamOf(show) : undefined;
        if (op.method === 'POST' && reply.status! < 300 && typeof made?.id === 'string' && show && showId) {
          ctx.track({ kind: op.id, id: made.id, deleteUrl: urlFor(ctx, { path: show.path, endpoint: where.endpoint }, { [showId]: made.id }) });
        }
      } else {
        findings.notApplicable(req, `${op.id} has no request field ${req.subject}`);
        continue;
      }
      ctx.touched(reply);
      if (reply.status !== undefined && reply.status >= 400 && reply.status < 500) continue;
      const documented = (query ?? bodyField)?.enum?.join(', ') ?? 'the documented values';
      // Accepting the value is what upstream Heat does (decision request-status-enum-not-enforced);
      // a server error is not, so no decision excuses it.
      const accepted = reply.status !== undefined && reply.status < 300;
      findings.failReply(req, reply, {
        message: `${req.subject} = ${UNDOCUMENTED_VALUE} was ${reply.status !== undefined && reply.status < 300 ? 'accepted' : `answered ${reply.status ?? reply.error}`}, not refused`,
        received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
        documented: `4xx for values outside ${documented}`,
      }, accepted ? undefined : 'strict');
    }
    return findings;
  },
};
