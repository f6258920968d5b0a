// What a decision may add to the catalog besides reshaping: the value the suite sends for a request
// field (`request-value`) and the answers it accepts in place of a documented error code (`accepts`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { parseDecisions } from '../../src/generator/decisions.ts';
import { requestBody } from '../../src/checks/plans/bodies.ts';

const entry = (extra: string) => `decisions:
  - id: d-one
    title: t
    evidence:
      - { doc: a.md, line: 1, quote: q }
      - { doc: b.md, line: 2, quote: r }
    decision: d
    treatment: accept-either
    appliesTo:
      - { operation: op, subject: s }
${extra}`;

describe('decision values', () => {
  it('accepts: a list of HTTP status codes, or a clear error', () => {
    const cases: [string, number[] | RegExp][] = [
      ['    accepts: [200, 300]\n', [200, 300]],
      ['    accepts: [42]\n', /"accepts" that is not a list of HTTP status codes/],
      ['    accepts: ok\n', /"accepts" that is not a list of HTTP status codes/],
      ['', []],
    ];
    for (const [extra, want] of cases) {
      if (want instanceof RegExp) assert.throws(() => parseDecisions(entry(extra), 'x.yaml'), want, extra);
      else assert.deepEqual(parseDecisions(entry(extra), 'x.yaml')[0]!.accepts ?? [], want, extra);
    }
  });
  it('the catalog carries them: accepted answers and the template the suite sends', () => {
    const catalog = loadCatalog();
    const cases: [string, number[]][] = [
      ['version-discovery-unauthenticated', [200, 300]],
      ['unknown-version-versions-document', [300]],
      ['metadata-unknown-server-empty', [200]],
    ];
    for (const [id, want] of cases) assert.deepEqual(catalog.decisions.find((d) => d.id === id)?.accepts, want, id);
    for (const id of ['stack-create', 'stack-preview', 'stack-update', 'orchestration-validate']) {
      const op = catalog.operations.find((o) => o.id === id)!;
      const body = requestBody(op, 'cac-t', 'create') as {
        template?: { resources?: Record<string, { type: string }> };
      };
      const types = Object.values(body.template?.resources ?? {}).map((r) => r.type);
      assert.ok(
        types.length > 0 && types.every((t) => t === 'OS::Heat::None' || t === 'OS::Heat::RandomString'),
        `${id} sends a template with resources that need no other service`,
      );
    }
  });
});
