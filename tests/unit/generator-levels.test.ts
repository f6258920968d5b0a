import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { decideLevel, levelFromWording } from '../../src/generator/levels.ts';
import { requirementId, subjectSlug } from '../../src/generator/requirements.ts';

describe('level from wording', () => {
  const cases: [string, ReturnType<typeof levelFromWording>][] = [
    ['The value must be one of the listed values.', 'MUST'],
    ['Clients must not send it.', 'MUST'],
    ['The field should be set.', 'SHOULD'],
    ['This parameter is optional.', 'MAY'],
    ['Valid values include COMPLETE, IN_PROGRESS, and FAILED.', undefined],
  ];
  for (const [given, want] of cases) it(`"${given}" → ${want}`, () => assert.equal(levelFromWording(given), want));
});

describe('level decisions', () => {
  const cases: { given: Parameters<typeof decideLevel>[0]; want: string }[] = [
    { given: { documented: true, basis: 'documented' }, want: 'MUST' },
    {
      given: { documented: true, basis: 'documented', softenedBy: 'request-status-enum-not-enforced' },
      want: 'SHOULD',
    },
    {
      given: { documented: true, basis: 'documented', softenedBy: 'x', wording: 'Other values must be rejected.' },
      want: 'MUST',
    },
    { given: { documented: false, basis: 'upstream', softenedBy: 'error-body-formats' }, want: 'SHOULD' },
    { given: { documented: false, basis: 'documented' }, want: 'MAY' },
  ];
  for (const c of cases)
    it(`${JSON.stringify(c.given)} → ${c.want}`, () => assert.equal(decideLevel(c.given).level, c.want));

  const catalog = loadCatalog();
  const want: [string, string, string | undefined][] = [
    ['software-deployment-show.software-deployment.status.enum-response', 'MUST', undefined],
    ['software-deployment-create.status.enum-request-rejected', 'SHOULD', 'request-status-enum-not-enforced'],
    ['software-deployment-create.200.success-code', 'MUST', 'create-returns-200'],
    ['software-deployment-show.software-deployment.creation-time.timestamp-format', 'MUST', 'timestamp-offset-forms'],
    ['image-list-detail.images.created-at.timestamp-format', 'SHOULD', 'image-timestamp-form-unstated'],
    ['backup-list.backups-links.next-link-exactly-when-more', 'MUST', 'next-link-when-page-full'],
    ['backup-list.name-like.filter-narrows', 'MUST', 'backup-microversion-note'],
    ['backup-list.with-count.with-count-total', 'MUST', 'backup-with-count-field'],
    ['backup-list.cinder-fault.error-body', 'SHOULD', 'error-body-formats'],
    ['backup-list.openstack-api-version.microversion-out-of-range', 'SHOULD', 'microversion-echo-and-range'],
    ['backup-list.limit.filter-bad-value-rejected', 'SHOULD', 'bad-filter-values-upstream'],
    ['image-list-detail.limit.limit-marker-paging', 'SHOULD', 'image-paging-upstream'],
    ['software-deployment-create.400-missing-mandatory.error-code', 'MUST', 'missing-mandatory-upstream-500'],
    ['software-deployment-show.404-unknown-id.error-code', 'MUST', undefined],
  ];
  for (const [id, level, decision] of want) {
    it(`${id} is ${level}${decision ? ` citing ${decision}` : ''}`, () => {
      const r = catalog.requirements.find((x) => x.id === id);
      assert.ok(r, `no requirement ${id}`);
      assert.equal(r.level, level);
      assert.equal(r.decision, decision);
      if (r.basis === 'upstream') assert.equal(r.level, 'SHOULD');
    });
  }

  it('every upstream-basis requirement is SHOULD and cites a decision that exists', () => {
    const ids = new Set(catalog.decisions.map((d) => d.id));
    for (const r of catalog.requirements.filter((x) => x.basis === 'upstream')) {
      assert.equal(r.level, 'SHOULD', r.id);
      assert.ok(r.decision && ids.has(r.decision), `${r.id} cites ${r.decision}`);
    }
  });

  it('every decision a requirement or field cites exists', () => {
    const ids = new Set(catalog.decisions.map((d) => d.id));
    for (const r of catalog.requirements) if (r.decision) assert.ok(ids.has(r.decision), `${r.id} cites ${r.decision}`);
    for (const op of catalog.operations) {
      for (const f of [...op.pathParams, ...op.queryParams, ...op.requestBody, ...op.response]) {
        for (const d of f.decisions ?? []) assert.ok(ids.has(d), `${op.id} ${f.path} cites ${d}`);
      }
    }
  });

  it('the 404 requirement exists only where the page documents 404 and the path names a resource', () => {
    const ops = new Set(catalog.requirements.filter((r) => r.subject === '404-unknown-id').map((r) => r.operation));
    for (const op of catalog.operations) {
      const documented =
        op.statusCodes.some((s) => s.code === 404) &&
        op.pathParams.some((p) => p.name !== 'project_id' && p.name !== 'tenant_id');
      assert.equal(ops.has(op.id), documented, op.id);
    }
    for (const id of ['software-deployment-show', 'software-deployment-update']) assert.ok(ops.has(id), id);
    for (const id of ['software-deployment-create', 'backup-list', 'image-list-detail']) assert.ok(!ops.has(id), id);
  });

  it('requirements needing a microversion carry it', () => {
    for (const id of [
      'backup-list.with-count.with-count-total',
      'backup-list.status-like.filter-narrows',
      'backup-list.count.field-type',
    ]) {
      assert.equal(catalog.requirements.find((r) => r.id === id)?.sinceMicroversion, '3.45', id);
    }
  });
});

describe('requirement ids', () => {
  const cases: [string, string][] = [
    ['backups[].links[].href', 'backups.links.href'],
    ['backups_links', 'backups-links'],
    ['name~', 'name-like'],
    ['updated_time>=creation_time', 'updated-time-not-before-creation-time'],
    ['401-missing-token', '401-missing-token'],
    ['OpenStack-API-Version', 'openstack-api-version'],
  ];
  for (const [given, want] of cases) it(`subject ${given} → ${want}`, () => assert.equal(subjectSlug(given), want));
  it('joins operation, subject and assertion', () => {
    assert.equal(
      requirementId('backup-list', 'backups_links', 'next-link-exactly-when-more'),
      'backup-list.backups-links.next-link-exactly-when-more',
    );
  });
});
