// Prints every verdict other than pass of a conformance.json, with its reason: what a run against the
// real upstream services must be read for (no MUST failure; each warning or SHOULD failure a documented
// upstream departure; not-applicable only for what is not served). Not-applicable requirements are
// grouped by reason.
// Usage: tsx scripts/upstream/verdicts.ts <conformance.json> [--expect <file>]
// With --expect, the warnings and failures must be exactly the file's lines (`<verdict> <level> <id>
// [<decision>]`; `#` comments), and a requirement may be not applicable only because its operation is
// not served or needs a newer microversion: anything else exits 1, so a new false verdict on real
// upstream services, or a departure that went away, is seen.
import { readFileSync } from 'node:fs';

interface Row {
  id: string;
  level: string;
  verdict: string;
  reason?: string;
  decision?: string;
  failures?: { message: string }[];
}

const args = process.argv.slice(2);
const file = args[0];
const expectAt = args.indexOf('--expect');
const expectFile = expectAt > 0 ? args[expectAt + 1] : undefined;
if (!file || (expectAt > 0 && !expectFile)) {
  console.error('usage: tsx scripts/upstream/verdicts.ts <conformance.json> [--expect <file>]');
  process.exit(2);
}
let report: { verdict: string; requirements: Row[] };
try {
  report = JSON.parse(readFileSync(file, 'utf8')) as typeof report;
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const counts = new Map<string, number>();
for (const r of report.requirements) counts.set(`${r.verdict} ${r.level}`, (counts.get(`${r.verdict} ${r.level}`) ?? 0) + 1);
console.log(`${file}: ${report.verdict}; ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
const na = new Map<string, string[]>();
const departures: string[] = [];
const unexplained: string[] = [];
for (const r of report.requirements) {
  if (r.verdict === 'pass') continue;
  if (r.verdict === 'not-applicable' || r.verdict === 'skipped') {
    const key = `${r.verdict}: ${r.reason ?? ''}`;
    na.set(key, [...(na.get(key) ?? []), r.id]);
    if (r.verdict === 'skipped' || !/^(not served|needs microversion)/.test(r.reason ?? '')) unexplained.push(`${key} (${r.id})`);
    continue;
  }
  departures.push(`${r.verdict} ${r.level} ${r.id}${r.decision ? ` ${r.decision}` : ''}`);
  const why = r.failures?.map((f) => f.message).join('; ') ?? '';
  console.log(`  ${r.verdict} ${r.level} ${r.id}${r.decision ? ` [${r.decision}]` : ''}: ${why}`);
}
for (const [reason, ids] of na) console.log(`  ${ids.length} × ${reason} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`);

if (expectFile) {
  const expected = readFileSync(expectFile, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  const unexpected = departures.filter((d) => !expected.includes(d));
  const gone = expected.filter((e) => !departures.includes(e));
  for (const d of unexpected) console.log(`UNEXPECTED ${d}`);
  for (const e of gone) console.log(`EXPECTED BUT NOT SEEN ${e}`);
  for (const u of unexplained) console.log(`UNEXPLAINED ${u}`);
  if (unexpected.length + gone.length + unexplained.length > 0) {
    console.log(`${file}: the verdicts differ from ${expectFile}`);
    process.exit(1);
  }
  console.log(`${file}: verdicts as expected in ${expectFile}`);
}
