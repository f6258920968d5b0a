// status-codes: the documented success code on every successful call, the documented errors when
// provoked for real, and (upstream compatibility, SHOULD) the error body in an upstream fault format.
import { placeOf } from '../plans/obtain.ts';
import type { Service } from '../../catalog/model.ts';
import type { Reply } from '../../http/client.ts';
import { show } from '../json-path.ts';
import { defineCheck, Findings, type CheckContext } from '../model.ts';
import { conditionsFor, provoke } from '../provoke.ts';
import { bodyReplies, isListOperation, writesFor } from '../replies.ts';

export const successCodeDocumented = defineCheck({
  id: 'success-code-documented',
  family: 'status-codes',
  assertions: ['success-code'],
  title: 'a successful call answers with the documented success code',
  appliesTo: () => true,
  writes: writesFor,
  run: async function successCodeDocumented(ctx, requirements) {
    const findings = new Findings();
    const got = await bodyReplies(ctx);
    const documented = ctx.operation.statusCodes.filter((c) => c.kind === 'success').map((c) => c.code);
    for (const req of requirements) {
      if (got.notApplicable) {
        findings.notApplicable(req, got.notApplicable);
        continue;
      }
      if (got.notTested) {
        findings.notTested(req, got.notTested);
        continue;
      }
      const replies =
        got.replies.length > 0 ? got.replies.slice(0, isListOperation(ctx.operation) ? 1 : undefined) : [];
      if (replies.length === 0) {
        findings.failReply(req, got.problemReply, { message: `no response of ${ctx.operation.id}: ${got.problem}` });
        continue;
      }
      const wanted = /^\d{3}$/.test(req.subject) ? [Number(req.subject)] : documented;
      // Several documented success codes are the answers of different cases (200 for the stack asked
      // for by name and id, 302 for the name alone): a call answered with another of them does not
      // exercise this one.
      const other = replies.filter(
        (r) => r.status !== undefined && !wanted.includes(r.status) && documented.includes(r.status),
      );
      const judged = replies.filter((r) => !other.includes(r));
      if (judged.length === 0 && other.length > 0) {
        const code = other[0]!.status!;
        const why = ctx.operation.statusCodes.find((c) => c.kind === 'success' && String(c.code) === req.subject);
        findings.notApplicable(
          req,
          `every call answered ${code}, another documented success code; ${req.subject} (${why?.description ?? why?.title ?? 'another case'}) is the answer of a case the suite's calls do not make`,
        );
        continue;
      }
      // An action the target refuses with 400 or 409 (a cancel with nothing to cancel, a signal to a
      // resource without a signal handler) says the state the suite could give the resource does not
      // admit it: the success code was not exercised, and nothing is blamed.
      const refused = judged.find((r) => r.status === 400 || r.status === 409);
      if (refused && placeOf(ctx).role === 'action') {
        findings.notTested(
          req,
          `the target refused the suite's ${ctx.operation.action ?? 'action'} with ${refused.status} (${refused.text.slice(0, 120).trim()}): the resource the suite could obtain is not in a state this action accepts`,
        );
        continue;
      }
      for (const reply of judged) {
        if (reply.status !== undefined && wanted.includes(reply.status)) continue;
        findings.failReply(req, reply, {
          message: `${reply.method} answered ${reply.status ?? reply.error}, not the documented success code`,
          received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
          documented: wanted.join(' or '),
        });
      }
    }
    return findings;
  },
});

/**
 * The answer upstream gives where it validates nothing, per condition: a server error for a missing
 * mandatory field (missing-mandatory-upstream-500: the DB constraint refuses it), an acceptance for a
 * wrong JSON type (wrong-type-stored-upstream: Heat stores it as sent).
 */
const EXCUSED: Record<string, (status: number) => boolean> = {
  '400-missing-mandatory': (status) => status >= 500,
  '400-wrong-type': (status) => status >= 200 && status < 300,
};

export const errorCodeProvoked = defineCheck({
  id: 'error-code-provoked',
  family: 'status-codes',
  assertions: ['error-code'],
  title: 'documented errors are answered with their code when provoked',
  appliesTo: () => true,
  writes: writesFor,
  run: async function errorCodeProvoked(ctx, requirements) {
    const findings = new Findings();
    for (const req of requirements) {
      for (const condition of conditionsFor(req.subject)) {
        const provoked = await provoke(ctx, condition);
        if ('notApplicable' in provoked) {
          findings.notApplicable(req, provoked.notApplicable);
          continue;
        }
        if ('notTested' in provoked) {
          findings.notTested(req, provoked.notTested);
          continue;
        }
        const { reply, expected, anyClientError } = provoked;
        ctx.touched(reply);
        const status = reply.status;
        if (status !== undefined && (expected.includes(status) || (anyClientError && status >= 400 && status < 500)))
          continue;
        const wanted = anyClientError ? `a refusal (4xx, e.g. ${expected.join(' or ')})` : expected.join(' or ');
        // A decision excuses only the upstream habit it names; any other departure (a refusal with
        // another code, a 404 because the resource is gone) fails at the requirement's level.
        // A decision may also name the answers it accepts (`accepts:`, a public versions document's 300).
        const accepted = status !== undefined && (ctx.decision(req.decision)?.accepts ?? []).includes(status);
        // An unknown id accepted where the valid request's own id was made up too says nothing.
        if (!accepted && provoked.unjudgedAcceptance && status !== undefined && status >= 200 && status < 300) {
          findings.notTested(req, `answered ${status}, which cannot be judged: ${provoked.unjudgedAcceptance}`);
          continue;
        }
        const strict = status !== undefined && (EXCUSED[condition]?.(status) || accepted) ? req.decision : 'strict';
        findings.failReply(
          req,
          reply,
          {
            message: `${condition.replace(/^\d{3}-/, '').replace(/-/g, ' ')}: answered ${reply.status ?? reply.error}, not ${wanted}`,
            received: `${reply.status ?? reply.error} ${reply.text.slice(0, 160)}`.trim(),
            documented: wanted,
          },
          strict,
        );
      }
    }
    return findings;
  },
});

type Shape = (status: number, reply: Reply) => boolean;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** keystonemiddleware's 401, the same for every service. */
const keystone: Shape = (status, r) =>
  isObj(r.json) && isObj(r.json.error) && r.json.error.code === status && typeof r.json.error.message === 'string';
/** Heat's FaultWrapper body. */
const heat: Shape = (status, r) =>
  isObj(r.json) &&
  r.json.code === status &&
  typeof r.json.title === 'string' &&
  typeof r.json.explanation === 'string' &&
  isObj(r.json.error) &&
  typeof r.json.error.type === 'string';
/** Cinder's Fault: one key named after the fault, holding code and message. */
const cinder: Shape = (status, r) => {
  if (!isObj(r.json)) return false;
  const keys = Object.keys(r.json);
  const inner = r.json[keys[0] ?? ''];
  return keys.length === 1 && isObj(inner) && inner.code === status && typeof inner.message === 'string';
};
/** Glance v1: webob text (`400 Bad Request\n\n…`) or its JSON rendering. */
const glance: Shape = (status, r) =>
  r.text.trimStart().startsWith(`${status} `) ||
  (isObj(r.json) &&
    typeof r.json.message === 'string' &&
    typeof r.json.code === 'string' &&
    r.json.code.startsWith(`${status}`));

const FAULTS: Record<Service, { name: string; shape: Shape }> = {
  orchestration: { name: 'Heat fault {code, title, explanation, error: {type, message}}', shape: heat },
  'block-storage': { name: 'Cinder fault {<faultName>: {code, message}}', shape: cinder },
  image: { name: 'webob error text "<code> <title>\\n\\n…" or its JSON form', shape: glance },
};

/**
 * One rule per error-body subject: which provoked errors it judges and the one body it accepts.
 * `keystone-401`: the 401s, in keystonemiddleware's body (decision error-body-formats: "401 everywhere
 * the keystonemiddleware body"); a service fault subject: every other provoked error, in that service's
 * fault body. The message names exactly the body the rule accepts.
 */
interface BodyRule {
  conditions: string[];
  name: string;
  shape: Shape;
  /** The only status whose body the rule judges (the error-code requirement judges the status). */
  status?: number;
}

function bodyRule(ctx: CheckContext, subject: string): BodyRule {
  const provoked = ctx.catalog.requirements
    .filter((r) => r.operation === ctx.operation.id && r.assertion === 'error-code')
    .map((r) => r.subject);
  if (subject === 'keystone-401' || /^401/.test(subject)) {
    return {
      conditions: /^401/.test(subject) ? conditionsFor(subject) : provoked.filter((c) => c.startsWith('401')),
      name: "keystonemiddleware's {error: {code, title, message}}",
      shape: keystone,
      status: 401,
    };
  }
  const fault = FAULTS[ctx.operation.service];
  return {
    conditions: /^\d{3}/.test(subject) ? conditionsFor(subject) : provoked.filter((c) => !c.startsWith('401')),
    ...fault,
  };
}

export const errorBodyUpstreamFault = defineCheck({
  id: 'error-body-upstream-fault',
  family: 'status-codes',
  assertions: ['error-body'],
  title: 'error bodies follow the upstream OpenStack fault format',
  appliesTo: () => true,
  writes: writesFor,
  run: async function errorBodyUpstreamFault(ctx, requirements) {
    const findings = new Findings();
    for (const req of requirements) {
      const rule = bodyRule(ctx, req.subject);
      let judged = 0;
      let na: string | undefined;
      let untested: string | undefined;
      for (const condition of rule.conditions) {
        const provoked = await provoke(ctx, condition);
        if ('notApplicable' in provoked) {
          na ??= provoked.notApplicable;
          continue;
        }
        if ('notTested' in provoked) {
          untested ??= provoked.notTested;
          continue;
        }
        const { reply } = provoked;
        if (reply.status === undefined || reply.status < 400) {
          na ??= `the ${condition} request was not refused (answered ${reply.status ?? reply.error}), so there is no error body`;
          continue;
        }
        if (rule.status !== undefined && reply.status !== rule.status) {
          na ??= `the ${condition} request answered ${reply.status}, not ${rule.status}, so there is no ${rule.status} body to judge (the error-code requirement judges the status)`;
          continue;
        }
        judged++;
        ctx.touched(reply);
        if (rule.shape(reply.status, reply)) continue;
        findings.failReply(req, reply, {
          message: `the ${reply.status} error body (${condition}) is not ${rule.name}`,
          received: show(reply.json ?? reply.text),
          documented: rule.name,
        });
      }
      if (judged === 0 && untested && !na) findings.notTested(req, untested);
      else if (judged === 0 && na) findings.notApplicable(req, na);
    }
    return findings;
  },
});
