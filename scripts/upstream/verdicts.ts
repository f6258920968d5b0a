// Prints every verdict other than pass of a conformance.json, with its reason: what a run against the
// real upstream services must be read for. With --expect, the verdicts other than pass must be exactly
// those the file lists, or the script exits 1, so a new false verdict on real upstream services, a
// departure that went away, or a requirement that stopped (or started) being tested is seen.
// Usage: tsx scripts/upstream/verdicts.ts <conformance.json> [--expect <file>] [--catalog <file>] [--print-expected]
//
// A line of the file (`#` starts a comment):
//   <verdict> <level> <requirement id> [<decision>] [| <reason>]
// - the id may hold `*` (any run of characters) to name the requirements of an operation at once; the
//   level may be `*`;
// - warn and fail must name a decision of specs/decisions.yaml that records the departure: the one the
//   report cites, or one whose appliesTo names the requirement's operation and subject (a failure
//   stays only where a decision records it with its evidence); the catalog is read from
//   catalog/catalog.json (or --catalog <file>);
// - not-tested, not-applicable and skipped must give the reason, compared with the report's reason
//   after origins (`http://127.0.0.1:8776` → `<origin>`), ids (uuids, 32-hex) and the suite's own
//   `cac-…` tags are replaced; a reason ending in `…` is a prefix. A report entry of those verdicts
//   without a reason is never accepted.
// - `operations: <id> <id> …` (any number of such lines) names the operations the list was written
//   for. Those are judged strictly as above. An operation of the report the list does not name (a page
//   dropped into specs/ after the list was written) is judged by the rule that matters on a real
//   cloud: a MUST failure there that no decision records fails the run; every other verdict is shown.
//   Without an `operations:` line, every operation is judged strictly.
// - `? <line>` may match no entry: a verdict one mode sees and the other not, because the first run
//   leaves the shared services in another state (a volume still extending).
// Every report entry other than pass must match a line (the first that matches), and every line must
// match at least one entry. --print-expected prints the lines that would match the report exactly
// (grouped per operation and reason), for review: it never writes the file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Row {
  id: string;
  level: string;
  verdict: string;
  reason?: string;
  decision?: string;
  operation?: string;
  failures?: { message: string }[];
}

export interface Expectation {
  line: number;
  /** Written `? <line>`: may match nothing (a state an earlier run on the same services leaves behind). */
  optional?: boolean;
  text: string;
  verdict: string;
  level: string;
  id: RegExp;
  decision?: string;
  reason?: string;
}

const NEEDS_REASON = new Set(['not-tested', 'not-applicable', 'skipped']);
const VERDICTS = new Set(['fail', 'warn', 'not-tested', 'not-applicable', 'skipped', 'waived']);

/** A reason as the expectations compare it: no origin, id or run tag of one run. */
export function normalizeReason(reason: string): string {
  return reason
    .replace(/https?:\/\/[^/\s'"]+/g, '<origin>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b[0-9a-f]{32}\b/gi, '<id>')
    .replace(/\bcac-[a-z0-9]+-[a-z0-9]+(-[A-Za-z0-9_]+)*/g, '<cac>')
    .replace(/\s+/g, ' ')
    .trim();
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The operations the file's `operations:` lines name; undefined when it has none (every operation is covered). */
export function parseCoverage(text: string): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*/, '').trim();
    if (!line.startsWith('operations:')) continue;
    out ??= new Set();
    for (const id of line.slice('operations:'.length).trim().split(/\s+/)) if (id) out.add(id);
  }
  return out;
}

/** The expectations of a file; a malformed line throws with its line number. */
export function parseExpectations(text: string, file = 'expected'): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((raw, i) => {
    let line = raw.replace(/(^|\s)#.*/, '').trim();
    if (!line || line.startsWith('operations:')) return;
    const optional = line.startsWith('? ');
    if (optional) line = line.slice(2).trim();
    const bar = line.indexOf(' | ');
    const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(/\s+/);
    const reason = bar >= 0 ? line.slice(bar + 3).trim() : undefined;
    const [verdict, level, id, decision, ...rest] = head;
    const bad = (why: string): never => {
      throw new Error(`${file}:${i + 1}: ${why}: ${raw.trim()}`);
    };
    if (!verdict || !VERDICTS.has(verdict)) bad(`unknown verdict ${verdict}`);
    if (!level || !id) bad('needs <verdict> <level> <requirement id>');
    if (rest.length > 0) bad('one decision at most before " | <reason>"');
    if (NEEDS_REASON.has(verdict!) && !reason) bad(`${verdict} needs its reason after " | "`);
    if ((verdict === 'warn' || verdict === 'fail') && !decision) bad(`${verdict} needs the decision that records it`);
    out.push({
      line: i + 1,
      ...(optional ? { optional } : {}),
      text: raw.trim(),
      verdict: verdict!,
      level: level!,
      id: glob(id!),
      ...(decision ? { decision } : {}),
      ...(reason ? { reason: normalizeReason(reason) } : {}),
    });
  });
  return out;
}

/** What the catalog says of decisions and requirements, to tell which decision records a departure. */
export interface CatalogIndex {
  decisions: Map<string, Set<string>>;
  subjects: Map<string, string>;
}

export function catalogIndex(catalog: {
  decisions: { id: string; appliesTo: { operation: string; subject: string }[] }[];
  requirements: { id: string; operation: string; subject: string }[];
}): CatalogIndex {
  return {
    decisions: new Map(catalog.decisions.map((d) => [d.id, new Set(d.appliesTo.map((a) => `${a.operation} ${a.subject}`))])),
    subjects: new Map(catalog.requirements.map((r) => [r.id, `${r.operation} ${r.subject}`])),
  };
}

/** Whether `decision` records the departure of `r`: the report cites it, or it applies to the requirement's subject. */
export function recordedBy(decision: string, r: Row, index?: CatalogIndex): boolean {
  if (decision === r.decision) return true;
  const pair = index?.subjects.get(r.id);
  return !!pair && !!index?.decisions.get(decision)?.has(pair);
}

export function matches(e: Expectation, r: Row, index?: CatalogIndex): boolean {
  if (e.verdict !== r.verdict || (e.level !== '*' && e.level !== r.level) || !e.id.test(r.id)) return false;
  if (e.decision !== undefined && !recordedBy(e.decision, r, index)) return false;
  if (e.reason !== undefined) {
    const got = normalizeReason(r.reason ?? '');
    if (e.reason.endsWith('…') ? !got.startsWith(e.reason.slice(0, -1)) : got !== e.reason) return false;
  }
  return true;
}

export interface Comparison {
  unexpected: Row[];
  unexplained: Row[];
  unseen: Expectation[];
  /** Rows other than pass of operations the list does not cover, judged by the MUST rule only. */
  uncovered: Row[];
  /** Of those, MUST failures no decision records: each fails the run. */
  unrecorded: Row[];
}

const operationOf = (r: Row) => r.operation ?? r.id.split('.')[0]!;

/**
 * Strict comparison over the covered operations: every non-pass row matches a line, every line a row,
 * every row that needs a reason has one. Over the others: a MUST failure must be recorded by a decision.
 */
export function compare(
  rows: Row[],
  expectations: Expectation[],
  index?: CatalogIndex,
  covered?: ReadonlySet<string>,
): Comparison {
  const seen = new Set<Expectation>();
  const unexpected: Row[] = [];
  const unexplained: Row[] = [];
  const uncovered: Row[] = [];
  const unrecorded: Row[] = [];
  for (const r of rows) {
    if (r.verdict === 'pass') continue;
    if (NEEDS_REASON.has(r.verdict) && !r.reason?.trim()) unexplained.push(r);
    if (covered && !covered.has(operationOf(r))) {
      uncovered.push(r);
      if (r.verdict === 'fail' && r.level === 'MUST' && !r.decision) unrecorded.push(r);
      continue;
    }
    const e = expectations.find((x) => matches(x, r, index));
    if (e) seen.add(e);
    else unexpected.push(r);
  }
  return { unexpected, unexplained, unseen: expectations.filter((e) => !seen.has(e) && !e.optional),
    uncovered,
    unrecorded,
  };
}

const describe = (r: Row) => `${r.verdict} ${r.level} ${r.id}${r.decision ? ` ${r.decision}` : ''}${r.reason && NEEDS_REASON.has(r.verdict) ? ` | ${r.reason}` : ''}`;

/** Lines matching the rows exactly: warn/fail one per requirement, the others per operation and reason. */
export function expectedLines(rows: Row[], index?: CatalogIndex): string[] {
  const recording = (r: Row) =>
    r.decision ?? (index ? [...index.decisions.keys()].find((d) => recordedBy(d, r, index)) : undefined);
  const lines: string[] = [];
  const groups = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.verdict === 'pass') continue;
    if (!NEEDS_REASON.has(r.verdict)) {
      lines.push(`${r.verdict} ${r.level} ${r.id} ${recording(r) ?? 'NO-DECISION-RECORDS-IT'}`);
      continue;
    }
    const op = r.operation ?? r.id.split('.')[0]!;
    const key = `${r.verdict} * ${op}.* | ${normalizeReason(r.reason ?? '')}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(r.level));
  }
  const operations = [...new Set(rows.map(operationOf))].sort();
  return [`operations: ${operations.join(' ')}`, ...lines, ...groups.keys()];
}

function main(args: string[]): number {
  const file = args[0];
  const expectAt = args.indexOf('--expect');
  const expectFile = expectAt > 0 ? args[expectAt + 1] : undefined;
  if (!file || (expectAt > 0 && !expectFile)) {
    console.error('usage: tsx scripts/upstream/verdicts.ts <conformance.json> [--expect <file>] [--catalog <file>] [--print-expected]');
    return 2;
  }
  let report: { verdict: string; run?: { complete?: boolean; incompleteReasons?: string[] }; requirements: Row[] };
  const catalogAt = args.indexOf('--catalog');
  const catalogFile = catalogAt > 0 ? args[catalogAt + 1]! : 'catalog/catalog.json';
  let expectations: Expectation[] = [];
  let covered: Set<string> | undefined;
  let index: CatalogIndex | undefined;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as typeof report;
    if (expectFile) {
      const text = readFileSync(expectFile, 'utf8');
      expectations = parseExpectations(text, expectFile);
      covered = parseCoverage(text);
      index = catalogIndex(JSON.parse(readFileSync(catalogFile, 'utf8')) as Parameters<typeof catalogIndex>[0]);
      const unknown = expectations.filter((e) => e.decision !== undefined && !index!.decisions.has(e.decision));
      if (unknown.length > 0) throw new Error(unknown.map((e) => `${expectFile}:${e.line}: no decision ${e.decision} in ${catalogFile}`).join('\n'));
    }
  } catch (error) {
    console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (args.includes('--print-expected')) {
    index ??= catalogIndex(JSON.parse(readFileSync(catalogFile, 'utf8')) as Parameters<typeof catalogIndex>[0]);
    for (const l of expectedLines(report.requirements, index)) console.log(l);
    return 0;
  }
  const counts = new Map<string, number>();
  for (const r of report.requirements) counts.set(`${r.verdict} ${r.level}`, (counts.get(`${r.verdict} ${r.level}`) ?? 0) + 1);
  console.log(`${file}: ${report.verdict}; ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  const grouped = new Map<string, string[]>();
  for (const r of report.requirements) {
    if (r.verdict === 'pass') continue;
    if (NEEDS_REASON.has(r.verdict)) {
      const key = `${r.verdict}: ${r.reason ?? '(no reason)'}`;
      grouped.set(key, [...(grouped.get(key) ?? []), r.id]);
      continue;
    }
    const why = r.failures?.map((f) => f.message).join('; ') ?? '';
    console.log(`  ${r.verdict} ${r.level} ${r.id}${r.decision ? ` [${r.decision}]` : ''}: ${why}`);
  }
  for (const [reason, ids] of grouped) console.log(`  ${ids.length} × ${reason} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`);
  if (!expectFile) return 0;
  if (report.run?.complete !== true) {
    console.log(`${file}: the run is incomplete (${report.run?.incompleteReasons?.join('; ') ?? 'no run record'}): its verdicts prove nothing`);
    return 1;
  }
  const { unexpected, unexplained, unseen, uncovered, unrecorded } = compare(
    report.requirements,
    expectations,
    index,
    covered,
  );
  if (uncovered.length > 0) {
    const ops = new Set(uncovered.map(operationOf));
    console.log(
      `${uncovered.length} verdict(s) other than pass on ${ops.size} operation(s) ${expectFile} was not written for (${[...ops].slice(0, 6).join(', ')}${ops.size > 6 ? ', …' : ''}): judged by the MUST rule only`,
    );
  }
  for (const r of unexpected) console.log(`UNEXPECTED ${describe(r)}`);
  for (const e of unseen) console.log(`EXPECTED BUT NOT SEEN (${expectFile}:${e.line}) ${e.text}`);
  for (const r of unexplained) console.log(`UNEXPLAINED ${r.verdict} without a reason: ${r.id}`);
  for (const r of unrecorded) console.log(`UNRECORDED MUST failure (no decision records it): ${describe(r)}`);
  if (unexpected.length + unseen.length + unexplained.length + unrecorded.length > 0) {
    console.log(`${file}: the verdicts differ from ${expectFile}`);
    return 1;
  }
  console.log(`${file}: verdicts as expected in ${expectFile}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
