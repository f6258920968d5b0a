// reports/conformance.html: one self-contained page (no script, no external resource, a CSP that
// forbids both) a person reads or prints: the summary first, then every operation as its API page
// with a verdict on every row, then the decisions taken where the pages contradict themselves.
import type { Catalog, Decision } from '../catalog/model.ts';
import type { ConformanceReport, RequirementEntry } from './model.ts';
import { basisRows, percent, requestsLine, VERDICT_WORDS } from './format.ts';
import { anchor, esc } from './html-escape.ts';
import { badge, operationHtml, requirementItem } from './html-operation.ts';
import { STYLE } from './html-style.ts';
import { VERDICTS } from './score.ts';

function summaryHtml(report: ConformanceReport): string {
  const { must, should, may } = report.score;
  const levelRow = (level: 'MUST' | 'SHOULD' | 'MAY') =>
    `<tr><th>${level}</th>${VERDICTS.map((v) => `<td>${report.counts.byLevel[level][v]}</td>`).join('')}<td>${esc(percent(report.score[level.toLowerCase() as 'must']))}</td></tr>`;
  const target = report.target;
  const endpoints = Object.entries(target.endpoints)
    .map(([service, url]) => `<li>${esc(service)}: <code>${esc(url)}</code></li>`)
    .join('');
  const incomplete = report.run.complete
    ? ''
    : `<div class="failure"><strong>The run is incomplete.</strong><ul>${report.run.incompleteReasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></div>`;
  const failing = report.requirements.filter((e) => e.verdict === 'fail');
  const failingList = failing.length
    ? `<h3>Failing requirements (${failing.length})</h3><ul>${failing.map((e) => `<li>${badge(e.verdict)}<strong>${esc(e.level)}</strong> <a href="#${anchor('req', e.id)}">${esc(e.title)}</a> <span class="muted">${esc(e.operation)} · ${esc(e.family)}</span></li>`).join('')}</ul>`
    : '';
  const baseline = report.baseline
    ? `<h3>Against the baseline</h3><p class="muted"><code>${esc(report.baseline.file)}</code></p><p>Newly failing: ${report.baseline.newlyFailing.length ? report.baseline.newlyFailing.map((id) => `<a href="#${anchor('req', id)}"><code>${esc(id)}</code></a>`).join(', ') : 'none'}</p><p>Newly fixed: ${report.baseline.newlyFixed.length ? report.baseline.newlyFixed.map((id) => `<code>${esc(id)}</code>`).join(', ') : 'none'}</p>`
    : '';
  const waivers = report.waivers
    ? `<h3>Waivers</h3><p>Applied: ${report.waivers.applied.length} · expired and failing again: ${report.waivers.expired.length ? report.waivers.expired.map((id) => `<code>${esc(id)}</code>`).join(', ') : 'none'} · unused: ${report.waivers.unused.length}</p>`
    : '';
  return `<section id="summary">
<h1>Conformance report</h1>
<p><span class="verdict-banner verdict-${esc(report.verdict)}" id="verdict">${esc(VERDICT_WORDS[report.verdict])}</span>
<span class="muted">gate <code>${esc(report.gate.level)}</code> ${report.gate.passed ? 'passed' : 'failed'}</span></p>
${report.counts.byLevel.MUST['not-tested'] > 0 ? `<p class="untested" id="untested">${report.counts.byLevel.MUST['not-tested']} MUST requirement(s) were not tested (each with its reason below); ${esc(VERDICT_WORDS[report.verdict])} covers only what was tested.</p>` : ''}
<div class="summary-grid">
<div><div class="muted">Score (MUST passed / MUST applicable)</div><div class="score" id="score">${must.passed} / ${must.applicable} · ${esc(percent(must))}</div>
<div>SHOULD ${should.passed} / ${should.applicable} · ${esc(percent(should))} · MAY ${may.passed} / ${may.applicable} · ${esc(percent(may))}</div></div>
<div><div><strong>Target</strong> ${esc(target.cloudName)}${target.embedded ? ' (embedded reference target)' : ''}${target.readOnly ? ' · read-only' : ''}</div><ul>${endpoints}</ul></div>
<div><div><strong>Run</strong> ${esc(report.run.startedAt)} → ${esc(report.run.endedAt)}</div>
<div class="muted">${esc(report.tool.name)} ${esc(report.tool.version)} · catalog <code>${esc(report.catalog.version.slice(0, 16))}</code>${report.run.shard ? ` · shard ${report.run.shard.current}/${report.run.shard.total}` : ''}${report.run.grep ? ` · grep <code>${esc(report.run.grep)}</code>` : ''}</div>${requestsLine(report.run.requests) ? `<div class="muted" id="requests">${esc(requestsLine(report.run.requests)!)}</div>` : ''}</div>
</div>
${incomplete}
<table id="bases"><thead><tr><th>Basis</th><th>Verdict</th><th>Score (passed / applicable)</th><th>MUST</th><th>SHOULD</th><th>Failing</th></tr></thead><tbody>
${basisRows(report)
  .map(
    (b) =>
      `<tr id="${b.summary.basis === 'documented' ? 'basis-pages' : 'basis-upstream'}"><th>${esc(b.label)}<div class="muted">${esc(b.what)}</div></th><td><span class="verdict-${b.summary.verdict === 'compatible' ? 'conforming' : b.summary.verdict === 'incompatible' ? 'non-conforming' : esc(b.summary.verdict)}">${esc(b.verdict)}</span></td><td>${b.summary.score.all.passed} / ${b.summary.score.all.applicable} · ${esc(percent(b.summary.score.all))}</td><td>${b.summary.score.must.passed} / ${b.summary.score.must.applicable}</td><td>${b.summary.score.should.passed} / ${b.summary.score.should.applicable}</td><td>${b.failing}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<table id="counts"><thead><tr><th>Level</th>${VERDICTS.map((v) => `<th>${badge(v)}</th>`).join('')}<th>Score</th></tr></thead><tbody>
${levelRow('MUST')}${levelRow('SHOULD')}${levelRow('MAY')}
<tr><th>All</th>${VERDICTS.map((v) => `<td>${report.counts[v]}</td>`).join('')}<td>${report.counts.total} requirements</td></tr>
</tbody></table>
<p class="muted">Score: passed = pass + warn; applicable = pass + warn + fail + waived. The verdict is non-conforming exactly when a MUST requirement fails.</p>
${failingList}${baseline}${waivers}
</section>`;
}

function decisionHtml(decision: Decision, entries: RequirementEntry[]): string {
  const citing = entries.filter((e) => e.decision === decision.id);
  return `<section class="decision" id="${anchor('decision', decision.id)}">
<h3><code>${esc(decision.id)}</code> — ${esc(decision.title)}</h3>
<p><strong>Decided:</strong> ${esc(decision.decision)} <span class="muted">(treated as <code>${esc(decision.treatment)}</code>)</span></p>
${decision.evidence.map((ev) => `<blockquote>${esc(ev.quote)}<div class="muted">${esc(ev.doc)}, line ${esc(ev.line)}</div></blockquote>`).join('')}
${decision.appliesTo.length ? `<p class="muted">Applies to: ${decision.appliesTo.map((a) => `${esc(a.operation)} <code>${esc(a.subject)}</code>`).join('; ')}</p>` : ''}
${citing.length ? `<ul class="reqs">${citing.map((e) => requirementItem(e, true)).join('')}</ul>` : ''}
</section>`;
}

export function renderHtml(report: ConformanceReport, catalog: Catalog): string {
  const byOperation = new Map<string, RequirementEntry[]>();
  for (const entry of report.requirements)
    byOperation.set(entry.operation, [...(byOperation.get(entry.operation) ?? []), entry]);
  const known = new Set(catalog.operations.map((o) => o.id));
  const orphans = report.requirements.filter((e) => !known.has(e.operation));
  const nav = catalog.operations
    .map(
      (op) =>
        `<li><a href="#${anchor('op', op.id)}">${esc(op.method)} ${esc(op.path)}</a> <span class="muted">${esc(op.title)}</span></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report — ${esc(report.target.cloudName)} — ${esc(VERDICT_WORDS[report.verdict])}</title>
<style>${STYLE}</style>
</head>
<body>
${summaryHtml(report)}
<nav><h2>Operations</h2><ol>${nav}</ol></nav>
${catalog.operations.map((op) => operationHtml(op, byOperation.get(op.id) ?? [])).join('\n')}
${orphans.length ? `<section><h2>Requirements of operations not in the catalog</h2><ul class="reqs">${orphans.map((e) => requirementItem(e, true)).join('')}</ul></section>` : ''}
<section id="decisions"><h2>Decisions and ambiguities</h2>
${catalog.decisions.length ? catalog.decisions.map((d) => decisionHtml(d, report.requirements)).join('\n') : '<p>None recorded.</p>'}
</section>
<footer class="muted"><p>Generated by ${esc(report.tool.name)} ${esc(report.tool.version)} from catalog ${esc(report.catalog.version)}.</p></footer>
</body>
</html>
`;
}
