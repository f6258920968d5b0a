// enums (requests): a request carrying a value outside the documented set is refused (4xx). Body
// fields are sent on create/update (writes); query fields on the list.
import type { Reply } from '../../http/client.ts';
import { defineCheck, Findings } from '../model.ts';
import { writesFor } from '../replies.ts';
import { enumBodyField, undocumentedValueWrite, UNDOCUMENTED_VALUE } from '../stored.ts';
import { urlFor } from '../target.ts';

export { UNDOCUMENTED_VALUE };

export const enumRequestUndocumentedValueRejected = defineCheck({
  id: 'enum-request-undocumented-value-rejected',
  family: 'enums',
  assertions: ['enum-request-rejected'],
  title: 'a request with an undocumented enumerated value is refused',
  appliesTo: () => true,
  writes: writesFor,
  run: async function enumRequestUndocumentedValueRejected(ctx, requirements, pre) {
    const findings = new Findings();
    const op = ctx.operation;
    const where = pre.served;
    for (const req of requirements) {
      const name = req.subject.split('.').pop()!;
      const query = op.queryParams.find((p) => p.name === name);
      const bodyField = enumBodyField(op, req.subject);
      let reply: Reply;
      if (query && op.method === 'GET') {
        reply = await ctx.client.send({
          method: 'GET',
          url: urlFor(ctx, where, {}, { [query.name]: UNDOCUMENTED_VALUE }),
        });
      } else if (bodyField) {
        const sent = await undocumentedValueWrite(ctx, req);
        if ('notApplicable' in sent) {
          findings.notApplicable(req, sent.notApplicable);
          continue;
        }
        if ('notTested' in sent) {
          findings.notTested(req, sent.notTested);
          continue;
        }
        reply = sent;
      } else {
        findings.notApplicable(req, `${op.id} has no request field ${req.subject}`);
        continue;
      }
      ctx.touched(reply);
      if (reply.status !== undefined && reply.status >= 400 && reply.status < 500) continue;
      const documented = (query ?? bodyField)?.enum?.join(', ') ?? 'the documented values';
      // Accepting the value is what upstream Heat does (decision request-status-enum-not-enforced);
      // a server error is not, so no decision excuses it. What the target then answers and shows with
      // the value stored is judged by the response requirements (stored.ts).
      const accepted = reply.status !== undefined && reply.status < 300;
      findings.failReply(
        req,
        reply,
        {
          message: `${req.subject} = ${UNDOCUMENTED_VALUE} was ${reply.status !== undefined && reply.status < 300 ? 'accepted' : `answered ${reply.status ?? reply.error}`}, not refused`,
          received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
          documented: `4xx for values outside ${documented}`,
        },
        accepted ? undefined : 'strict',
      );
    }
    return findings;
  },
});
