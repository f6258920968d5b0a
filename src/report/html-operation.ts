// One operation laid out like its API page: its tables in page order, each row carrying the verdicts
// of the requirements it gave rise to (matched by the row's source: doc, table caption, row key),
// failures inline. Requirements that come from no table row (pagination walks, stateful sequences)
// follow the tables with their own citations.
import type { Field, Operation, Source, StatusCode } from '../catalog/model.ts';
import type { Failure } from '../results/model.ts';
import type { RequirementEntry } from './model.ts';
import { citation } from './format.ts';
import { anchor, esc } from './html-escape.ts';

export function sourceKey(source: Pick<Source, 'doc' | 'table' | 'row'>): string {
  return `${source.doc}\u0000${source.table}\u0000${source.row}`;
}

const ORDER = ['fail', 'warn', 'waived', 'pass', 'not-tested', 'not-applicable', 'skipped'];

function worst(entries: RequirementEntry[]): string | undefined {
  return [...entries].sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict))[0]?.verdict;
}

export function badge(verdict: string): string {
  return `<span class="badge v-${esc(verdict)}">${esc(verdict)}</span>`;
}

export function failureHtml(failure: Failure): string {
  const line = (label: string, value: string | undefined, pre = false) =>
    value === undefined
      ? ''
      : `<div><span class="label">${label}:</span> ${pre ? `<pre>${esc(value)}</pre>` : `<code>${esc(value)}</code>`}</div>`;
  return [
    '<div class="failure">',
    `<div><strong>${esc(failure.message)}</strong></div>`,
    line('Received', failure.received),
    line('Documented', failure.documented),
    failure.source ? `<div><span class="label">Source:</span> <span>${esc(citation(failure.source))}</span></div>` : '',
    failure.reproduce ? `<div><span class="label">Reproduce:</span><pre>${esc(failure.reproduce)}</pre></div>` : '',
    '</div>',
  ].join('');
}

export function requirementItem(entry: RequirementEntry, withCitation: boolean): string {
  const note = entry.reason && entry.verdict !== 'pass' ? ` <span class="muted">— ${esc(entry.reason)}</span>` : '';
  const decision = entry.decision
    ? ` <a class="muted" href="#${anchor('decision', entry.decision)}">decision ${esc(entry.decision)}</a>`
    : '';
  return [
    `<li id="${anchor('req', entry.id)}" data-requirement="${esc(entry.id)}" data-verdict="${esc(entry.verdict)}">`,
    `${badge(entry.verdict)}<strong>${esc(entry.level)}</strong> ${esc(entry.title)}${note}${decision}`,
    `<div class="muted"><code>${esc(entry.id)}</code>${withCitation ? ` · ${esc(citation(entry.citation))}` : ` · line ${esc(entry.citation.line)}`}${entry.basis === 'upstream' ? ' · upstream compatibility' : ''}</div>`,
    entry.failures.map(failureHtml).join(''),
    '</li>',
  ].join('');
}

function verdictCell(entries: RequirementEntry[]): string {
  if (entries.length === 0) return '<td class="muted">no requirement</td>';
  return `<td><ul class="reqs">${entries.map((e) => requirementItem(e, false)).join('')}</ul></td>`;
}

function rowClass(entries: RequirementEntry[]): string {
  const w = worst(entries);
  return w ? ` class="row-${esc(w)}"` : '';
}

function fieldTable(
  caption: string,
  fields: Field[],
  bySource: Map<string, RequirementEntry[]>,
  used: Set<string>,
): string {
  const rows = fields.map((field) => {
    const entries = bySource.get(sourceKey(field.source)) ?? [];
    entries.forEach((e) => used.add(e.id));
    const flags = [field.required ? 'required' : 'optional', field.nullable ? 'nullable' : '']
      .filter(Boolean)
      .join(', ');
    return [
      `<tr${rowClass(entries)} data-row="${esc(field.source.row)}">`,
      `<td><code>${esc(field.name)}</code>${field.path !== field.name ? `<div class="muted"><code>${esc(field.path)}</code></div>` : ''}</td>`,
      `<td>${esc(field.in)}</td>`,
      `<td>${esc(field.docType)}${field.enum ? `<div class="muted">${esc(field.enum.join(', '))}</div>` : ''}</td>`,
      `<td>${esc(flags)}</td>`,
      `<td>${esc(field.description)}<div class="muted">line ${esc(field.source.line)}</div></td>`,
      verdictCell(entries),
      '</tr>',
    ].join('');
  });
  return [
    `<h3>${esc(caption)}</h3>`,
    '<table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Required</th><th>Description</th><th>Verdicts</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('');
}

function statusTable(
  caption: string,
  codes: StatusCode[],
  bySource: Map<string, RequirementEntry[]>,
  used: Set<string>,
): string {
  const rows = codes.map((code) => {
    const entries = bySource.get(sourceKey(code.source)) ?? [];
    entries.forEach((e) => used.add(e.id));
    return [
      `<tr${rowClass(entries)} data-row="${esc(code.source.row)}">`,
      `<td><code>${esc(code.code)}</code></td><td>${esc(code.kind)}</td><td>${esc(code.title)}</td>`,
      `<td>${esc(code.description)}<div class="muted">line ${esc(code.source.line)}</div></td>`,
      verdictCell(entries),
      '</tr>',
    ].join('');
  });
  return [
    `<h3>${esc(caption)}</h3>`,
    '<table><thead><tr><th>Code</th><th>Kind</th><th>Reason</th><th>Description</th><th>Verdicts</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('');
}

/** Groups items by the page table they were read from, in page order (first line). */
function byTable<T extends { source: Source }>(items: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => a.source.line - b.source.line)) {
    groups.set(item.source.table, [...(groups.get(item.source.table) ?? []), item]);
  }
  return [...groups];
}

export function operationHtml(operation: Operation, entries: RequirementEntry[]): string {
  const bySource = new Map<string, RequirementEntry[]>();
  for (const entry of entries)
    bySource.set(sourceKey(entry.citation), [...(bySource.get(sourceKey(entry.citation)) ?? []), entry]);
  const used = new Set<string>();
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.verdict, (counts.get(entry.verdict) ?? 0) + 1);

  const fields = [...operation.pathParams, ...operation.queryParams, ...operation.requestBody, ...operation.response];
  const parts: string[] = [];
  // Tables in the page's own order, whatever kind of row they hold.
  const tables: { line: number; html: () => string }[] = [];
  for (const [caption, group] of byTable(fields))
    tables.push({ line: group[0]!.source.line, html: () => fieldTable(caption, group, bySource, used) });
  for (const [caption, group] of byTable(operation.statusCodes))
    tables.push({ line: group[0]!.source.line, html: () => statusTable(caption, group, bySource, used) });
  for (const table of tables.sort((a, b) => a.line - b.line)) parts.push(table.html());

  const rest = entries.filter((e) => !used.has(e.id));
  if (rest.length > 0) {
    parts.push(
      `<h3>Requirements not tied to a table row</h3><ul class="reqs">${rest.map((e) => requirementItem(e, true)).join('')}</ul>`,
    );
  }
  return [
    `<section class="operation" id="${anchor('op', operation.id)}" data-operation="${esc(operation.id)}">`,
    `<h2><span class="method">${esc(operation.method)}</span> <code>${esc(operation.path)}</code> — ${esc(operation.title)}</h2>`,
    `<p class="muted">${esc(operation.service)} · <code>${esc(operation.doc)}</code> · operation <code>${esc(operation.id)}</code>${operation.alternatePaths.length ? ` · also served at ${operation.alternatePaths.map((p) => `<code>${esc(p)}</code>`).join(', ')}` : ''}</p>`,
    `<p>${[...counts]
      .sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]))
      .map(([v, n]) => `${badge(v)}${n}`)
      .join(' ')}</p>`,
    ...parts,
    '</section>',
  ].join('\n');
}
