// Regression tests of verdicts an auditor must be able to trust, each built from the case it guards:
// the real checks against the embedded reference target over loopback, failing on a defect and
// passing on the clean target and on a legal variant.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { departing, lastRun, runOnHostile, runOnReference } from '../support/reference-run.ts';

describe('changes-since threshold never sits on a precision boundary', () => {
  const id = 'changes-since.filter-narrows';
  it('passes the clean target', async () => {
    const r = await runOnReference('image-list-detail', ['filters']);
    assert.equal(r[id]?.verdict, 'pass', JSON.stringify(r[id]));
  });
  it('passes a target that prints microseconds but compares whole seconds', async () => {
    const r = await runOnReference('image-list-detail', ['filters'], { variant: 'glance-changes-since-seconds' });
    assert.equal(r[id]?.verdict, 'pass', JSON.stringify(r[id]));
    assert.deepEqual(departing(r), {});
  });
  it('fails a target that ignores changes-since', async () => {
    const r = await runOnReference('image-list-detail', ['filters'], { defect: 'images-changes-since-ignored' });
    assert.equal(`${r[id]?.verdict} ${r[id]?.level}`, 'fail MUST', JSON.stringify(r[id]));
  });
});

describe('a requirement that needs a complete walk is not tested when the walk was cut short', () => {
  const id = 'with-count.with-count-total';
  for (const defect of ['backups-next-link-other-host', 'backups-next-link-self', 'backups-no-next-link']) {
    it(`with ${defect}: with-count-total is not-tested with the reason, the pagination family fails`, async () => {
      const r = await runOnReference('backup-list', ['pagination', 'filters'], { defect, backups: 1500 });
      const d = departing(r);
      assert.equal(r[id]?.verdict, 'not-tested', JSON.stringify(r[id]));
      assert.match(r[id]?.reason ?? '', /walk of the listing was cut short/);
      assert.ok(
        Object.keys(d).some((k) => r[k]?.family === 'pagination' && r[k]?.verdict !== 'not-tested'),
        JSON.stringify(d),
      );
    });
  }
  it('passes the clean target and fails a count of the page length', async () => {
    for (const variant of [undefined, 'backups-count-links-upstream', 'backups-max-limit-50']) {
      const clean = await runOnReference('backup-list', ['pagination', 'filters'], {
        backups: 1500,
        ...(variant ? { variant } : {}),
      });
      assert.deepEqual(departing(clean), {}, variant ?? 'clean');
      assert.equal(clean[id]?.verdict, 'pass', variant ?? 'clean');
    }
    const r = await runOnReference('backup-list', ['filters'], { defect: 'backups-count-page-length', backups: 1500 });
    assert.equal(`${r[id]?.verdict} ${r[id]?.level}`, 'fail MUST', JSON.stringify(r[id]));
  });
});

describe('one error-body rule per subject', () => {
  it('keystone-401 fails a 401 in the service fault shape with a message naming only the body it accepts', async () => {
    const r = await runOnReference('backup-list', ['status-codes'], { defect: 'auth-401-service-fault' });
    const k = r['keystone-401.error-body']!;
    assert.equal(`${k.verdict} ${k.level}`, 'fail SHOULD', JSON.stringify(k));
    for (const f of k.failures) {
      assert.doesNotMatch(
        `${f.message} ${f.documented}`,
        /Cinder fault/,
        'the message names only the shape the rule accepts',
      );
      assert.match(f.documented ?? '', /keystonemiddleware/);
    }
    assert.equal(r['cinder-fault.error-body']?.verdict, 'pass', JSON.stringify(r['cinder-fault.error-body']));
  });
  it('passes the clean target and an upstream-style variant', async () => {
    for (const opts of [{}, { variant: 'heat-missing-field-500' }]) {
      for (const op of ['backup-list', 'software-deployment-create']) {
        const r = await runOnReference(op, ['status-codes'], opts);
        const bodies = Object.entries(r).filter(([k]) => k.endsWith('.error-body'));
        assert.ok(bodies.length >= 2);
        for (const [k, v] of bodies) assert.equal(v.verdict, 'pass', `${op} ${k} ${JSON.stringify(v)}`);
      }
    }
  });
});

describe('updated_time before creation_time is one fact at one level', () => {
  it('fails only timestamp-order (SHOULD), on the update answer and the show, never the stateful MUST', async () => {
    for (const op of ['software-deployment-update', 'software-deployment-show']) {
      const r = await runOnReference(op, ['timestamps', 'stateful'], { defect: 'deployment-updated-before-created' });
      assert.deepEqual(departing(r), { 'updated-time-not-before-creation-time.timestamp-order': 'fail SHOULD' }, op);
    }
  });
  it('passes the clean target and the same instants written with an offset', async () => {
    for (const opts of [{}, { variant: 'heat-offset-plus-0200' }]) {
      const r = await runOnReference('software-deployment-update', ['timestamps', 'stateful'], opts);
      assert.deepEqual(departing(r), {});
      assert.equal(r['updated-time-not-before-creation-time.timestamp-order']?.verdict, 'pass');
    }
  });
  it('a missing updated_time still fails the stateful MUST', async () => {
    const r = await runOnReference('software-deployment-update', ['stateful'], {
      defect: 'deployment-updated-time-missing',
    });
    assert.equal(departing(r)['software-deployment.updated-time.updated-time-set'], 'fail MUST');
  });
});

describe('a create without a Mandatory "Yes" field, and what the target stored', () => {
  it("a 2xx answer to a create without a mandatory field is a MUST failure; upstream Heat's 500 a warning", async () => {
    const r = await runOnReference('software-deployment-create', ['status-codes'], {
      defect: 'deployment-missing-field-accepted',
    });
    assert.equal(departing(r)['400-missing-mandatory.error-code'], 'fail MUST');
    const upstream = await runOnReference('software-deployment-create', ['status-codes'], {
      variant: 'heat-missing-field-500',
    });
    assert.deepEqual(departing(upstream), { '400-missing-mandatory.error-code': 'warn MUST' });
    const clean = await runOnReference('software-deployment-create', ['status-codes']);
    assert.deepEqual(departing(clean), {});
  });
  it('a status stored outside the documented values fails the response enum MUST in the PUT answer and a later GET', async () => {
    const opts = { defect: 'deployment-status-enum-not-enforced' };
    const update = await runOnReference('software-deployment-update', ['enums'], opts);
    assert.equal(
      departing(update)['status.enum-request-rejected'],
      'warn SHOULD',
      'the request side stays a decided warning',
    );
    const e = update['software-deployment.status.enum-response']!;
    assert.equal(`${e.verdict} ${e.level}`, 'fail MUST', JSON.stringify(e));
    assert.ok(
      e.failures.some(
        (f) =>
          /answer to a update|answer to an? update/.test(f.message) && /CAC_UNDOCUMENTED_VALUE/.test(f.received ?? ''),
      ),
      JSON.stringify(e.failures),
    );
    const show = await runOnReference('software-deployment-show', ['enums'], opts);
    const s = show['software-deployment.status.enum-response']!;
    assert.equal(`${s.verdict} ${s.level}`, 'fail MUST', JSON.stringify(s));
    assert.ok(
      s.failures.some((f) => /resource shown after/.test(f.message)),
      JSON.stringify(s.failures),
    );
  });
  it('input_values stored as a string fails the response type MUST in the PUT answer and a later GET', async () => {
    const opts = { defect: 'deployment-wrong-type-accepted' };
    for (const op of ['software-deployment-update', 'software-deployment-show']) {
      const r = await runOnReference(op, ['schema'], opts);
      const t = r['software-deployment.input-values.field-type']!;
      assert.equal(`${t.verdict} ${t.level}`, 'fail MUST', `${op} ${JSON.stringify(t)}`);
    }
  });
  it('the clean target and its variants store nothing undocumented', async () => {
    for (const opts of [{}, { variant: 'heat-status-reason-none' }, { variant: 'extra-response-fields' }]) {
      for (const op of ['software-deployment-update', 'software-deployment-show']) {
        const r = await runOnReference(op, ['schema', 'enums'], opts);
        assert.deepEqual(departing(r), {}, `${op} ${JSON.stringify(opts)}`);
      }
    }
  });
});

describe('messages say what was wrong', () => {
  it('a target that ignores limit: marker and offset are honoured, limit-honoured names the length', async () => {
    const r = await runOnReference('backup-list', ['pagination'], { defect: 'backups-ignores-limit' });
    const d = departing(r);
    assert.equal(d['marker.marker-honoured'], undefined, JSON.stringify(r['marker.marker-honoured']));
    assert.equal(d['offset.offset-honoured'], undefined, JSON.stringify(r['offset.offset-honoured']));
    const limit = Object.values(r).find((x) => x.requirementId.endsWith('.limit-honoured'))!;
    assert.equal(`${limit.verdict} ${limit.level}`, 'fail MUST');
    assert.match(limit.failures[0]!.message, /has \d+ items for limit=/);
  });
  it('a target that ignores marker or offset: the message names where the page starts', async () => {
    for (const [defect, id] of [
      ['backups-ignores-marker', 'marker.marker-honoured'],
      ['backups-ignores-offset', 'offset.offset-honoured'],
    ] as const) {
      const r = await runOnReference('backup-list', ['pagination'], { defect });
      assert.equal(departing(r)[id]?.startsWith('fail'), true, defect);
      assert.match(r[id]!.failures[0]!.message, /starts the page at \S+ \(item 1 of the listing\), not at/, defect);
    }
  });
  it('a body nested 10,000 levels deep ends in verdicts that say so, never a stack overflow or "undefined"', async () => {
    for (const op of ['software-deployment-create', 'image-list-detail', 'backup-list']) {
      const r = await runOnHostile({ behaviour: 'deep-nesting', token: 'tok-deep-0000000000000' }, op, [
        'schema',
        'timestamps',
        'enums',
        'status-codes',
        'headers',
        'pagination',
        'filters',
        'stateful',
      ]);
      const text = JSON.stringify(Object.values(r));
      assert.doesNotMatch(text, /call stack|could not complete/i, op);
      assert.doesNotMatch(
        Object.values(r)
          .flatMap((x) => x.failures.map((f) => f.message))
          .join('\n'),
        /\bundefined\b/,
        op,
      );
      assert.match(text, /nests more than 256 levels deep/, op);
    }
  });
});

describe('a token revoked in the middle of a run', () => {
  it('Keystone auth: a fresh token answers differently, the run goes on with it and is marked incomplete', async () => {
    const families = ['schema', 'status-codes', 'headers', 'pagination', 'filters'] as const;
    const r = await runOnReference('backup-list', [...families], {}, async (family, target, session) => {
      if (family !== 'status-codes') return;
      const { 'X-Auth-Token': token } = await session.authHeaders();
      const res = await fetch(`${target.authUrl}/auth/tokens`, {
        method: 'DELETE',
        headers: { 'X-Auth-Token': token!, 'X-Subject-Token': token! },
      });
      assert.equal(res.status, 204, 'the token was revoked');
    });
    assert.match(
      lastRun.lost ?? '',
      /token was revoked during the run: GET .* answered 401 with it and \d+ with a fresh token/,
    );
    assert.deepEqual(departing(r), {}, 'the requests after the revocation were judged with the fresh token');
  });
  it('a fixed token (admin_token): the request it once passed now answers 401, the run is marked incomplete', async () => {
    await runOnHostile(
      { behaviour: 'clean', token: 'tok-revoked-0000000000', revokeAfterRequests: 12 },
      'backup-list',
      ['schema', 'status-codes', 'headers', 'pagination'],
    );
    assert.match(
      lastRun.lost ?? '',
      /authentication stopped working during the run: GET .* answered 200 earlier and 401 now/,
    );
  });
  it('a target that refuses one request with 401 is not taken for a revoked token', async () => {
    await runOnHostile({ behaviour: 'clean', token: 'tok-kept-00000000000000' }, 'backup-list', [
      'schema',
      'status-codes',
      'headers',
      'pagination',
    ]);
    assert.equal(lastRun.lost, undefined);
    await runOnReference('software-deployment-create', ['status-codes'], { defect: 'auth-missing-token-403' });
    assert.equal(lastRun.lost, undefined);
  });
});
