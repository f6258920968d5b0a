// headers: JSON bodies say so in Content-Type; upstream compatibility (SHOULD): a request id on
// every answer, the negotiated microversion echoed, and 406 for a microversion out of range.
import { defineCheck, Findings } from '../model.ts';
import { countedListing, unusable, writesFor } from '../replies.ts';
import { MICROVERSION_SERVICE, sharedSend, urlFor } from '../target.ts';
import { overBodies } from './body.ts';

const REQUEST_ID_HEADERS = ['x-openstack-request-id', 'x-compute-request-id', 'openstack-request-id'];

export const contentTypeJson = defineCheck({
  id: 'content-type-json',
  family: 'headers',
  assertions: ['content-type-json'],
  title: 'JSON bodies are sent with a JSON content type',
  appliesTo: () => true,
  writes: writesFor,
  run: function contentTypeJson(ctx, requirements) {
    return overBodies(ctx, requirements, (reply, findings) => {
      const type = reply.headers['content-type'] ?? '';
      if (/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) return;
      for (const req of requirements) {
        findings.failReply(req, reply, {
          message: 'a JSON body is not labelled as JSON',
          received: type ? `Content-Type: ${type}` : 'no Content-Type',
          documented: 'Content-Type: application/json',
        });
      }
    });
  },
});

export const requestIdHeader = defineCheck({
  id: 'request-id-header',
  family: 'headers',
  assertions: ['request-id'],
  title: 'every answer carries a request id (upstream compatibility)',
  appliesTo: () => true,
  writes: writesFor,
  run: function requestIdHeader(ctx, requirements) {
    return overBodies(
      ctx,
      requirements,
      (reply, findings) => {
        if (REQUEST_ID_HEADERS.some((h) => (reply.headers[h] ?? '').trim() !== '')) return;
        for (const req of requirements) {
          findings.failReply(req, reply, {
            message: 'the answer carries no request id header',
            received: `headers: ${Object.keys(reply.headers).join(', ')}`,
            documented: 'x-openstack-request-id: req-<uuid>',
          });
        }
      },
      { bodiless: true },
    );
  },
});

function serviceName(service: string): string | undefined {
  return MICROVERSION_SERVICE[service as keyof typeof MICROVERSION_SERVICE];
}

export const microversionEchoHeader = defineCheck({
  id: 'microversion-echo-header',
  family: 'headers',
  assertions: ['microversion-echo'],
  title: 'the negotiated microversion is echoed in OpenStack-API-Version (upstream compatibility)',
  appliesTo: (op) => serviceName(op.service) !== undefined,
  writes: false,
  run: async function microversionEchoHeader(ctx, requirements, pre) {
    const findings = new Findings();
    const name = serviceName(ctx.operation.service)!;
    // The with_count listing asks for 3.45; a target without it is asked at 3.0, the default.
    const counted = await countedListing(ctx);
    const asked =
      'notApplicable' in counted
        ? await sharedSend(ctx, {
            method: 'GET',
            url: urlFor(ctx, pre.served),
            headers: { 'OpenStack-API-Version': `${name} 3.0` },
          })
        : counted;
    for (const req of requirements) {
      if (!asked) {
        findings.notApplicable(req, 'not served');
        continue;
      }
      const sent = (asked.exchange.requestHeaders['OpenStack-API-Version'] ?? '').trim();
      const echoed = (asked.headers['openstack-api-version'] ?? '').trim();
      const problem = unusable(asked, ctx.operation);
      if (problem) {
        findings.failReply(req, asked, { message: `no usable answer to judge the echo: ${problem}` });
      } else if (echoed.toLowerCase() !== sent.toLowerCase()) {
        findings.failReply(req, asked, {
          message: 'the negotiated microversion is not echoed',
          received: echoed ? `OpenStack-API-Version: ${echoed}` : 'no OpenStack-API-Version header',
          documented: `OpenStack-API-Version: ${sent}`,
        });
      }
    }
    return findings;
  },
});

export const microversionOutOfRange406 = defineCheck({
  id: 'microversion-out-of-range-406',
  family: 'headers',
  assertions: ['microversion-out-of-range'],
  title: 'a microversion the target does not serve is refused with 406 (upstream compatibility)',
  appliesTo: (op) => serviceName(op.service) !== undefined,
  writes: false,
  run: async function microversionOutOfRange406(ctx, requirements, pre) {
    const findings = new Findings();
    const where = pre.served;
    const name = serviceName(ctx.operation.service)!;
    for (const req of requirements) {
      const reply = await sharedSend(ctx, {
        method: 'GET',
        url: urlFor(ctx, where),
        headers: { 'OpenStack-API-Version': `${name} 3.999` },
      });
      if (reply.status === 406) continue;
      findings.failReply(req, reply, {
        message: `microversion ${name} 3.999 answered ${reply.status ?? reply.error}, not 406`,
        received: `${reply.status ?? reply.error}`,
        documented: '406 Not Acceptable',
      });
    }
    return findings;
  },
});
