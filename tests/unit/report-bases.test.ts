// Conformance to the pages and compatibility with upstream OpenStack, side by side: each basis has its
// own verdict and score in the JSON (valid against its schema), the HTML, the Markdown and the
// terminal, and each gate counts what it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReport } from '../../src/report/build-report.ts';
import { loadReportCatalog } from '../../src/report/catalog.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { paint, terminalSummary } from '../../src/report/terminal.ts';
import { reportSchemaErrors } from '../../src/report/validate-report.ts';
import type { GateLevel } from '../../src/report/model.ts';
import type { RequirementResult } from '../../src/results/model.ts';

const catalog = loadReportCatalog(join(import.meta.dirname, '../../catalog/catalog.yaml'));

/** Every requirement passes but `failing`. */
function report(failing: string[], gate: GateLevel) {
  const results: RequirementResult[] = catalog.requirements.map((r) => ({
    requirementId: r.id,
    checkId: 'c',
    operation: r.operation,
    family: r.family,
    level: r.level,
    verdict: failing.includes(r.id) ? 'fail' : 'pass',
    failures: failing.includes(r.id) ? [{ message: 'departs' }] : [],
    durationMs: 1,
  }));
  return buildReport({
    catalog,
    tool: { name: 'cloud-api-conformance', version: '0.0.0' },
    target: { cloudName: 'lab', embedded: false, endpoints: {}, readOnly: false },
    results,
    tests: [],
    status: 'passed',
    startTime: new Date('2030-01-01T00:00:00Z'),
    durationMs: 1000,
    shard: null,
    gate,
    now: new Date('2030-01-01T00:00:00Z'),
  });
}

const upstreamOnly = catalog.requirements.find(
  (r) => r.basis === 'upstream' && r.id.endsWith('cinder-fault.error-body'),
)!.id;
const pagesMust = catalog.requirements.find((r) => r.basis === 'documented' && r.level === 'MUST')!.id;
const pagesShould = catalog.requirements.find((r) => r.basis === 'documented' && r.level === 'SHOULD')!.id;

test('a cloud that follows the pages but not an upstream habit: conforming and incompatible, each with its score', () => {
  const r = report([upstreamOnly], 'pages');
  assert.deepEqual(reportSchemaErrors(r), []);
  assert.equal(r.verdict, 'conforming');
  assert.equal(r.bases.pages.verdict, 'conforming');
  assert.equal(r.bases.pages.score.all.ratio, 1);
  assert.equal(r.bases.upstream.verdict, 'incompatible');
  assert.deepEqual(r.bases.upstream.failing, [upstreamOnly]);
  assert.ok(r.bases.upstream.score.all.ratio! < 1);
  const documented = catalog.requirements.filter((q) => q.basis === 'documented').length;
  assert.equal(r.bases.pages.counts.total, documented);
  assert.equal(r.bases.upstream.counts.total, catalog.requirements.length - documented);
  const md = renderMarkdown(r);
  assert.match(md, /\| Conformance to the pages .*\| \*\*CONFORMING\*\* \|/);
  assert.match(md, /\| Compatibility with upstream OpenStack .*\| \*\*INCOMPATIBLE\*\* \| .* \| 1 \|/);
  const html = renderHtml(r, catalog);
  assert.match(html, /<tr id="basis-pages">.*CONFORMING/);
  assert.match(html, /<tr id="basis-upstream">.*INCOMPATIBLE/);
  const term = terminalSummary(r, [], paint(false));
  assert.match(term, /Conformance to the pages\s+CONFORMING/);
  assert.match(term, /Compatibility with upstream OpenStack\s+INCOMPATIBLE .* 1 failing/);
});

test('each gate counts what it names', () => {
  const cases: [string[], Record<GateLevel, boolean>][] = [
    [[], { pages: true, upstream: true, should: true }],
    [[upstreamOnly], { pages: true, upstream: false, should: false }],
    [[pagesShould], { pages: true, upstream: true, should: false }],
    [[pagesMust], { pages: false, upstream: true, should: false }],
  ];
  for (const [failing, want] of cases) {
    for (const gate of ['pages', 'upstream', 'should'] as const) {
      assert.equal(
        report(failing, gate).gate.passed,
        want[gate],
        `${failing.join(',') || 'none'} under --gate ${gate}`,
      );
    }
  }
});
