// Operations → requirements. One requirement per (operation, assertion, subject); ids are
// `<operation>.<subject segments>.<assertion>`, kebab-case, stable as long as the pages are.
import {
  ASSERTIONS,
  type Assertion,
  type Decision,
  type Family,
  type Field,
  type Operation,
  type Requirement,
  type Source,
} from '../catalog/model.ts';
import { resourceModel, type ResourceModel } from '../plans/resources.ts';
import { writeEffect } from '../plans/write-effect.ts';
import { subjectOf } from './example-values.ts';
import { decideLevel } from './levels.ts';

const FAMILY: Record<Assertion, Family> = ASSERTIONS;

/** `backups[].links[].href` → `backups.links.href`; `name~` → `name-like`; `a>=b` → `a-not-before-b`. */
export function subjectSlug(subject: string): string {
  return subject
    .replaceAll('[]', '')
    .replaceAll('>=', '-not-before-')
    .split('.')
    .map((seg) =>
      seg
        .replace(/~$/, '-like')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .toLowerCase(),
    )
    .join('.');
}

export function requirementId(operation: string, subject: string, assertion: Assertion): string {
  return `${operation}.${subjectSlug(subject)}.${assertion}`;
}

const PAGING = new Set(['limit', 'offset', 'marker']);

/**
 * A query parameter that orders the list rather than narrows it: `sort`, `sort_key`, `sort_keys`,
 * `sort_dir`, `sort_dirs` (any spelling whose first word is "sort").
 */
export function isOrderingParam(name: string): boolean {
  return /^sort(?:$|[_-])/i.test(name);
}

interface Ctx {
  op: Operation;
  decisions: Decision[];
  /** Per operation id (and `*`): subject → index in `decisions` of the first decision naming it. */
  named: Map<string, Map<string, number>>;
  out: Requirement[];
  /** The resource model of every operation: which list, show and delete go with a create. */
  model: ResourceModel;
  /** Every operation of the catalog (a write's member show). */
  ops: Operation[];
}

/**
 * The first decision (in file order) whose appliesTo names one of the subjects for this operation or
 * for every operation (`*`). Looked up in an index: scanning every decision's appliesTo for every
 * requirement grows with pages × pages, since drafted and covering decisions list each page's pairs.
 */
function decisionFor(ctx: Ctx, ...subjects: string[]): string | undefined {
  let first = Infinity;
  for (const operation of [ctx.op.id, '*']) {
    const bySubject = ctx.named.get(operation);
    if (!bySubject) continue;
    for (const s of subjects) first = Math.min(first, bySubject.get(s) ?? Infinity);
  }
  return first === Infinity ? undefined : ctx.decisions[first]!.id;
}

function nameIndex(decisions: Decision[]): Map<string, Map<string, number>> {
  const named = new Map<string, Map<string, number>>();
  decisions.forEach((d, i) => {
    for (const a of d.appliesTo) {
      let bySubject = named.get(a.operation);
      if (!bySubject) named.set(a.operation, (bySubject = new Map()));
      if (!bySubject.has(a.subject)) bySubject.set(a.subject, i);
    }
  });
  return named;
}

interface Spec {
  assertion: Assertion;
  subject: string;
  title: string;
  source: Source;
  documented?: boolean;
  basis?: 'documented' | 'upstream';
  wording?: string;
  /** Decision that lowers the level to SHOULD. */
  softenedBy?: string;
  /** Decision that bears on the requirement without changing its level. */
  decision?: string;
  sinceMicroversion?: string;
  reason?: string;
}

function add(ctx: Ctx, s: Spec): void {
  const basis = s.basis ?? 'documented';
  const { level, reason } = decideLevel({
    documented: s.documented ?? true,
    basis,
    ...(s.wording ? { wording: s.wording } : {}),
    ...(s.softenedBy ? { softenedBy: s.softenedBy } : {}),
  });
  const decision = s.softenedBy ?? s.decision;
  const req: Requirement = {
    id: requirementId(ctx.op.id, s.subject, s.assertion),
    operation: ctx.op.id,
    family: FAMILY[s.assertion],
    assertion: s.assertion,
    level,
    levelReason: s.reason && level === 'MUST' ? s.reason : reason,
    title: s.title,
    subject: s.subject,
    basis,
    source: s.source,
    ...(decision ? { decision } : {}),
    ...(s.sinceMicroversion ? { sinceMicroversion: s.sinceMicroversion } : {}),
  };
  ctx.out.push(req);
}

function opLabel(op: Operation): string {
  return `${op.method} ${op.path}`;
}

export function buildRequirements(ops: Operation[], decisions: Decision[]): Requirement[] {
  const out: Requirement[] = [];
  const model = resourceModel({ operations: ops });
  const named = nameIndex(decisions);
  for (const op of ops) {
    const ctx: Ctx = { op, decisions, named, out, model, ops };
    statusCodeRequirements(ctx);
    schemaRequirements(ctx);
    headerRequirements(ctx);
    paginationRequirements(ctx);
    filterRequirements(ctx);
    statefulRequirements(ctx);
  }
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.id)) throw new Error(`requirement id ${r.id} is generated twice`);
    seen.add(r.id);
  }
  return out;
}

function statusCodeRequirements(ctx: Ctx): void {
  const { op } = ctx;
  for (const sc of op.statusCodes.filter((s) => s.kind === 'success')) {
    const code = String(sc.code);
    add(ctx, {
      assertion: 'success-code',
      subject: code,
      title: `${opLabel(op)} answers ${code} ${sc.title} on success`,
      source: sc.source,
      reason: `documented success code ${code}`,
      decision: decisionFor(ctx, code),
    });
  }
  const code = (n: number) => op.statusCodes.find((s) => s.code === n && s.kind === 'error');
  const c401 = code(401);
  if (c401) {
    add(ctx, {
      assertion: 'error-code',
      subject: '401-missing-token',
      title: `${opLabel(op)} without a token answers 401`,
      source: c401.source,
      reason: 'documented error code 401',
      decision: decisionFor(ctx, '401-missing-token'),
    });
    add(ctx, {
      assertion: 'error-code',
      subject: '401-invalid-token',
      title: `${opLabel(op)} with an invalid token answers 401`,
      source: c401.source,
      reason: 'documented error code 401',
      decision: decisionFor(ctx, '401-invalid-token'),
    });
  }
  const c404 = code(404);
  const idParam = op.pathParams.find((p) => p.name !== 'project_id' && p.name !== 'tenant_id');
  if (c404 && idParam) {
    add(ctx, {
      assertion: 'error-code',
      subject: '404-unknown-id',
      title: `${opLabel(op)} with an unknown ${idParam.name} answers 404`,
      source: c404.source,
      reason: 'documented error code 404',
      decision: decisionFor(ctx, '404-unknown-id'),
    });
  }
  const c400 = code(400);
  if (c400 && op.requestBody.length > 0) {
    add(ctx, {
      assertion: 'error-code',
      subject: '400-malformed-json',
      title: `${opLabel(op)} with a body that is not JSON answers 400`,
      source: c400.source,
      reason: 'documented error code 400',
    });
    if (op.requestBody.some((f) => f.required)) {
      const subject = '400-missing-mandatory';
      // A field the page marks Mandatory "Yes" and a listed 400: accepting the request without it is a
      // MUST failure; the decision only excuses upstream's server error.
      add(ctx, {
        assertion: 'error-code',
        subject,
        title: `${opLabel(op)} without a mandatory field answers 400`,
        source: c400.source,
        reason: 'documented error code 400 for a request without a field marked Mandatory "Yes"',
        decision: decisionFor(ctx, subject) ?? 'missing-mandatory-upstream-500',
      });
    }
    const subject = '400-wrong-type';
    add(ctx, {
      assertion: 'error-code',
      subject,
      title: `${opLabel(op)} with a field of the wrong JSON type answers 400`,
      source: c400.source,
      softenedBy: decisionFor(ctx, subject) ?? 'missing-mandatory-upstream-500',
    });
  }
  if (c400 && op.method === 'GET' && op.queryParams.length > 0) {
    add(ctx, {
      assertion: 'error-code',
      subject: '400-bad-filter-value',
      title: `${opLabel(op)} with a malformed query value answers 400`,
      source: c400.source,
      basis: 'upstream',
      softenedBy: 'bad-filter-values-upstream',
    });
  }
  const projectParam = op.pathParams.find((p) => p.name === 'project_id' || p.name === 'tenant_id');
  const scoped = decisionFor(ctx, '403-other-project');
  if (projectParam && scoped) {
    // No page says what another project's id gets; only some list 403 at all (decision other-project-refused).
    add(ctx, {
      assertion: 'error-code',
      subject: '403-other-project',
      title: `${opLabel(op)} with a project id other than the token's is refused`,
      source: code(403)?.source ?? projectParam.source,
      basis: 'upstream',
      softenedBy: scoped,
    });
  }
  const fault = op.service === 'orchestration' ? 'heat-fault' : op.service === 'image' ? 'webob-error' : 'cinder-fault';
  const anyError = op.statusCodes.find((s) => s.kind === 'error');
  if (anyError) {
    add(ctx, {
      assertion: 'error-body',
      subject: fault,
      title: `${opLabel(op)} errors carry the ${fault} body`,
      source: anyError.source,
      basis: 'upstream',
      softenedBy: 'error-body-formats',
    });
  }
  if (c401) {
    add(ctx, {
      assertion: 'error-body',
      subject: 'keystone-401',
      title: `${opLabel(op)} 401 answers carry the keystonemiddleware body`,
      source: c401.source,
      basis: 'upstream',
      softenedBy: 'error-body-formats',
    });
  }
}

function fieldTitle(f: Field): string {
  const t =
    f.type === 'array'
      ? `an array${f.items ? ` of ${f.items}s` : ''}`
      : `${f.type === 'object' || f.type === 'integer' ? 'an' : 'a'} ${f.type}`;
  return `${f.path} is ${t}${f.nullable ? ' or null' : ''}`;
}

function schemaRequirements(ctx: Ctx): void {
  const { op } = ctx;
  for (const f of op.response) {
    const subject = f.path;
    const subj = subjectOf(f.path);
    const top = !f.path.includes('.') && f.required;
    if (top) {
      // The envelope assertion covers presence and container type of a required top-level key; a
      // flat body's top-level scalars (Glance v2) still get their timestamp requirements below.
      add(ctx, {
        assertion: 'envelope',
        subject,
        title: `${opLabel(op)} returns a body whose ${f.name} is ${f.type === 'array' ? 'an array' : 'an object'}`,
        source: f.source,
        reason: 'documented response body',
        decision: decisionFor(ctx, subj),
      });
    } else {
      if (f.required) {
        add(ctx, {
          assertion: 'field-present',
          subject,
          title: `${f.path} is present`,
          source: f.source,
          reason: 'listed in the response table',
          decision: decisionFor(ctx, subj),
          ...(f.sinceMicroversion ? { sinceMicroversion: f.sinceMicroversion } : {}),
        });
      }
      add(ctx, {
        assertion: 'field-type',
        subject,
        title: fieldTitle(f),
        source: f.source,
        reason: f.docType ? `documented type "${f.docType}"` : 'documented by decision',
        decision: decisionFor(ctx, subj),
        ...(f.sinceMicroversion ? { sinceMicroversion: f.sinceMicroversion } : {}),
      });
    }
    if (f.timestamp) {
      const stated = f.timestamp.documentedForm !== 'not stated';
      add(ctx, {
        assertion: 'timestamp-format',
        subject,
        title: stated
          ? `${f.path} is an ISO 8601 timestamp (${f.timestamp.documentedForm})`
          : `${f.path} is an ISO 8601 timestamp`,
        source: f.source,
        reason: `documented form ${f.timestamp.documentedForm}`,
        ...(stated
          ? { decision: decisionFor(ctx, subj) ?? 'timestamp-offset-forms' }
          : { softenedBy: decisionFor(ctx, subj) ?? 'image-timestamp-form-unstated' }),
      });
    }
    // Not yet for a flat body's top-level fields: Glance's pages disagree across operations on their
    // values (__os_type "other" on create, "Other" on show), which wants a decision first.
    if (f.enum && !top) {
      add(ctx, {
        assertion: 'enum-response',
        subject,
        title: `${f.path} is one of ${f.enum.join(', ')}`,
        source: f.source,
        reason: 'documented values in a response field',
      });
    }
  }
  // An update time beside a creation time of the same object (Heat's updated_time/creation_time, the
  // created_at/updated_at of the others): the first pair the response documents.
  const parentOf = (f: Field) => f.path.slice(0, Math.max(0, f.path.lastIndexOf('.')));
  const times = op.response.filter((f) => f.timestamp !== undefined || /_(time|at)$/.test(f.name));
  const created = times.find((f) => f.name === 'creation_time' || /^created/.test(f.name));
  const updated = created && times.find((f) => /^updated/.test(f.name) && parentOf(f) === parentOf(created));
  if (updated && created) {
    add(ctx, {
      assertion: 'timestamp-order',
      subject: `${updated.name}>=${created.name}`,
      title: `${updated.path} is not before ${created.path}`,
      source: updated.source,
      softenedBy: 'updated-time-absent-until-update',
      documented: false,
    });
  }
  for (const f of op.requestBody.filter((x) => x.enum)) {
    add(ctx, {
      assertion: 'enum-request-rejected',
      subject: f.name,
      title: `${opLabel(op)} refuses a ${f.name} outside ${f.enum!.join(', ')}`,
      source: f.source,
      wording: /\bmust\b/i.test(f.description) ? f.description : undefined,
      softenedBy: decisionFor(ctx, f.name) ?? 'request-status-enum-not-enforced',
    });
  }
}

function headerRequirements(ctx: Ctx): void {
  const { op } = ctx;
  const example = op.examples.find((e) => e.kind === 'response' && e.body !== undefined && !e.error);
  const source = example?.source ?? op.source;
  // No body documented, no content type to demand (a DELETE answering 204).
  if (op.response.length > 0 || example) {
    add(ctx, {
      assertion: 'content-type-json',
      subject: 'Content-Type',
      title: `${opLabel(op)} answers with Content-Type application/json`,
      source,
      reason: 'the page documents a JSON response body',
    });
  }
  add(ctx, {
    assertion: 'request-id',
    subject: 'x-openstack-request-id',
    title: `${opLabel(op)} answers with a request id header`,
    source,
    basis: 'upstream',
    softenedBy: 'request-id-header',
  });
  const note = op.microversions[0];
  if (note) {
    add(ctx, {
      assertion: 'microversion-echo',
      subject: 'OpenStack-API-Version',
      title: `${opLabel(op)} echoes OpenStack-API-Version: ${note.serviceName} <version>`,
      source: note.source,
      basis: 'upstream',
      softenedBy: 'microversion-echo-and-range',
    });
    const c406 = op.statusCodes.find((s) => s.code === 406);
    add(ctx, {
      assertion: 'microversion-out-of-range',
      subject: 'OpenStack-API-Version',
      title: `${opLabel(op)} answers 406 to an unsupported ${note.serviceName} microversion`,
      source: c406?.source ?? note.source,
      basis: 'upstream',
      softenedBy: 'microversion-echo-and-range',
    });
  }
}

function paginationRequirements(ctx: Ctx): void {
  const { op } = ctx;
  const p = op.pagination;
  if (p) {
    const rel = op.response.find((f) => f.path === `${p.linksField}[].rel`);
    const href = op.response.find((f) => f.path === `${p.linksField}[].href`);
    const relSource = rel?.source ?? p.source;
    add(ctx, {
      assertion: 'next-link-exactly-when-more',
      subject: p.linksField,
      title: `${p.linksField} holds a ${p.rel} link exactly when more items follow`,
      source: relSource,
      reason: `documented: "${rel?.description ?? p.rel}"`,
      decision: 'next-link-when-page-full',
    });
    add(ctx, {
      assertion: 'link-rel',
      subject: `${p.linksField}[].rel`,
      title: `${p.linksField}[].rel is "${p.rel}"`,
      source: relSource,
      reason: `documented link relation "${p.rel}"`,
    });
    add(ctx, {
      assertion: 'walk-no-repeats',
      subject: p.linksField,
      title: `following ${p.rel} links never repeats an item`,
      source: p.source,
      reason: 'documented pagination links',
    });
    add(ctx, {
      assertion: 'walk-no-gaps',
      subject: p.linksField,
      title: `following ${p.rel} links reaches every item`,
      source: p.source,
      reason: 'documented pagination links',
    });
    add(ctx, {
      assertion: 'walk-bounded',
      subject: p.linksField,
      title: `the ${p.rel} link chain ends`,
      source: p.source,
      reason: 'documented pagination links',
    });
    add(ctx, {
      assertion: 'link-same-origin',
      subject: `${p.linksField}[].href`,
      title: `${p.rel} links point at the origin that served the page`,
      source: href?.source ?? p.source,
      basis: 'upstream',
      softenedBy: 'link-origin',
    });
    for (const name of p.params) {
      const q = op.queryParams.find((f) => f.name === name);
      if (name === 'limit' && q)
        add(ctx, {
          assertion: 'limit-honoured',
          subject: name,
          title: `limit caps the number of ${p.linksField.replace(/_links$/, '')} returned`,
          source: q.source,
          reason: `documented parameter: "${q.description}"`,
        });
      if (name === 'offset' && q)
        add(ctx, {
          assertion: 'offset-honoured',
          subject: name,
          title: 'offset skips that many items of the listing',
          source: q.source,
          reason: `documented parameter: "${q.description}"`,
          decision: decisionFor(ctx, 'offset'),
        });
      if (name === 'marker' && !q)
        add(ctx, {
          assertion: 'marker-honoured',
          subject: name,
          title: 'marker continues the listing after the named item',
          source: p.source,
          basis: 'upstream',
          softenedBy: decisionFor(ctx, 'marker') ?? 'backups-marker-undocumented',
        });
    }
  }
  if (!p && op.method === 'GET' && op.response.some((f) => !f.path.includes('.') && f.type === 'array')) {
    const decision = decisionFor(ctx, 'limit', 'marker');
    if (decision) {
      add(ctx, {
        assertion: 'limit-marker-paging',
        subject: 'limit',
        title: 'limit caps the page and marker continues after the named item',
        source: op.source,
        basis: 'upstream',
        softenedBy: decision,
      });
    } else {
      // limit and marker documented as query parameters of a list with no documented links: each still
      // has its documented meaning. (Not offset: where the checks' own prerequisites are created in the
      // same collection while it is read, an offset moves and would blame the target.)
      const items = op.response.find((f) => !f.path.includes('.') && f.type === 'array')!.name;
      const q = (name: string) => op.queryParams.find((f) => f.name === name);
      const limit = q('limit');
      if (limit)
        add(ctx, {
          assertion: 'limit-honoured',
          subject: 'limit',
          title: `limit caps the number of ${items} returned`,
          source: limit.source,
          reason: `documented parameter: "${limit.description}"`,
        });
      const marker = q('marker');
      if (marker)
        add(ctx, {
          assertion: 'marker-honoured',
          subject: 'marker',
          title: 'marker continues the listing after the named item',
          source: marker.source,
          reason: `documented parameter: "${marker.description}"`,
        });
    }
  }
}

function filterRequirements(ctx: Ctx): void {
  const { op } = ctx;
  if (op.method !== 'GET') return;
  // Only a list has items to narrow or order; a query option of one document (a template's format)
  // is no filter.
  if (ctx.model.places.get(op.id)?.role !== 'list') return;
  const note = op.microversions[0];
  for (const q of op.queryParams) {
    if (PAGING.has(q.name)) continue;
    const since = note && note.appliesTo.includes(q.name) ? note.version : q.sinceMicroversion;
    if (q.name === 'with_count') {
      add(ctx, {
        assertion: 'with-count-total',
        subject: q.name,
        title: 'with_count=true adds count, the number of matching items regardless of paging',
        source: q.source,
        reason: `documented: "${q.description}"`,
        decision: decisionFor(ctx, 'count'),
        ...(since ? { sinceMicroversion: since } : {}),
      });
      continue;
    }
    if (isOrderingParam(q.name)) {
      add(ctx, {
        assertion: 'sort-orders',
        subject: q.name,
        title: `${q.name} orders the list by the key asked for, in the direction asked for, and leaves out no item`,
        source: q.source,
        reason: `documented ordering parameter: "${q.description}"`,
        decision: decisionFor(ctx, q.name, `query.${q.name}`),
        ...(since ? { sinceMicroversion: since } : {}),
      });
      continue;
    }
    add(ctx, {
      assertion: 'filter-narrows',
      subject: q.name,
      title: `${q.name} returns only matching items`,
      source: q.source,
      reason: 'documented filter',
      decision: decisionFor(ctx, q.name, `query.${q.name}`),
      ...(since ? { sinceMicroversion: since } : {}),
    });
  }
  for (const a of ctx.decisions.find((d) => d.id === 'bad-filter-values-upstream')?.appliesTo ?? []) {
    if (a.operation !== op.id) continue;
    const q = op.queryParams.find((f) => f.name === a.subject);
    if (!q) continue;
    add(ctx, {
      assertion: 'filter-bad-value-rejected',
      subject: q.name,
      title: `a malformed ${q.name} is refused with 400`,
      source: q.source,
      basis: 'upstream',
      softenedBy: 'bad-filter-values-upstream',
    });
  }
}

function statefulRequirements(ctx: Ctx): void {
  const { op } = ctx;
  const deleted = ctx.model.places.get(op.id);
  if (deleted?.role === 'delete' && deleted.resource) {
    const shows = ctx.model.resources.find((r) => r.service === op.service && r.name === deleted.resource)?.operations
      .show;
    if (shows) {
      add(ctx, {
        assertion: 'delete-removed',
        subject: deleted.resource,
        title: `a deleted ${deleted.resource} is then answered 404 and is gone from its list`,
        source: op.source,
        reason: `the pages delete a ${deleted.resource} and show it`,
      });
    }
  }
  const root = op.response.find((f) => !f.path.includes('.') && f.type === 'object');
  // A write beneath a member that its show documents (a map, a tag list, a field the request names):
  // stated here unless the PUT rule below states it for its enveloped answer.
  const effect = writeEffect(op, ctx.ops);
  if (effect && !(op.method === 'PUT' && root)) {
    const shown = effect.fields.length === 1 ? effect.fields[0]! : undefined;
    const what =
      effect.kind === 'tags'
        ? `${op.method === 'DELETE' ? 'without' : 'with'} the tag in ${shown}`
        : effect.kind === 'map'
          ? `with the ${shown} ${op.method === 'DELETE' ? 'key removed' : 'entries sent'}`
          : `with the ${effect.fields.join(', ')} sent`;
    add(ctx, {
      assertion: 'update-applied',
      subject: shown ? [effect.root, shown].filter(Boolean).join('.') : (effect.root ?? effect.show.id),
      title: `after ${opLabel(op)} the ${effect.show.id} answer shows the member ${what}`,
      source: op.source,
      reason: `the page writes to a member that ${effect.show.id} shows, and ${effect.kind === 'fields' ? 'its request names fields the show documents' : `the path names the ${shown} the show documents`}`,
    });
  }
  if (!root) return;
  const id = op.response.find((f) => f.path === `${root.path}.id`);
  const place = ctx.model.places.get(op.id);
  const resource = ctx.model.resources.find((r) => r.service === op.service && r.name === place?.resource);
  // Only a create makes something to read back; an action-like POST (`/validate`, `/stacks/preview`,
  // `…/action`) answers a document and persists nothing the pages let the suite show.
  if (op.method === 'POST' && place?.role === 'create') {
    add(ctx, {
      assertion: 'create-persisted',
      subject: root.path,
      title: `a created ${root.name} is then shown with the values it was created with`,
      source: root.source,
      reason: 'the pages create a resource that the show page then queries',
      decision: decisionFor(ctx, 'stack_user_project_id'),
    });
  }
  if (op.method === 'GET' && id && op.pathParams.some((p) => p.name !== 'project_id')) {
    add(ctx, {
      assertion: 'id-stable',
      subject: id.path,
      title: `${id.path} equals the id in the request path`,
      source: id.source,
      reason: `documented: "${id.description}"`,
    });
  }
  if (place?.role === 'create' && resource?.operations.list) {
    add(ctx, {
      assertion: 'create-listed',
      subject: root.path,
      title: `a created ${root.name} appears in the list of ${resource.name}s`,
      source: root.source,
      reason: `the pages create a ${resource.name} and list them`,
    });
  }
  if (op.method === 'PUT') {
    add(ctx, {
      assertion: 'update-applied',
      subject: root.path,
      title: `an updated ${root.name} is then shown with the new values`,
      source: root.source,
      reason: 'the page updates the resource',
    });
    const updated = op.response.find((f) => f.name === 'updated_time');
    if (updated) {
      add(ctx, {
        assertion: 'updated-time-set',
        subject: updated.path,
        title: `${updated.path} is set after an update`,
        source: updated.source,
        reason: 'the update response table lists the update time',
        decision: 'updated-time-absent-until-update',
      });
    }
  }
}
