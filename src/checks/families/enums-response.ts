// enums (responses): a documented enumerated field carries one of the documented values.
import { samePath, show, valuesAt } from '../json-path.ts';
import { defineCheck } from '../model.ts';
import { writesFor } from '../replies.ts';
import { overBodies } from './body.ts';

export const enumResponseDocumentedValue = defineCheck({
  id: 'enum-response-documented-value',
  family: 'enums',
  assertions: ['enum-response'],
  title: 'enumerated response fields carry a documented value',
  appliesTo: () => true,
  writes: writesFor,
  run: function enumResponseDocumentedValue(ctx, requirements) {
    return overBodies(ctx, requirements, (reply, findings) => {
      for (const req of requirements) {
        const field = ctx.operation.response.find((f) => samePath(f.path, req.subject) || f.name === req.subject);
        const allowed = field?.enum;
        if (!allowed || allowed.length === 0) {
          findings.notApplicable(req, `the catalog lists no values for ${req.subject}`);
          continue;
        }
        for (const { pointer, value } of valuesAt(reply.json, field.path)) {
          if (value === null && field.nullable) continue;
          if (typeof value === 'string' && allowed.includes(value)) continue;
          findings.failReply(req, reply, {
            message: `${field.path} is not a documented value`,
            received: `${show(value)} at ${pointer}`,
            documented: allowed.join(', '),
          });
        }
      }
    });
  },
});
