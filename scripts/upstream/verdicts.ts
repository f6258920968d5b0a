// Prints every verdict other than pass of a conformance.json, with its reason: what a run against the
// real upstream services must be read for (no MUST failure; each warning or SHOULD failure a documented
// upstream departure; not-applicable only for what is not served). Not-applicable requirements are
// grouped by reason. Usage: tsx scripts/upstream/verdicts.ts reports/upstream-password/conformance.json
import { readFileSync } from 'node:fs';

interface Row {
  id: string;
  level: string;
  verdict: string;
  reason?: string;
  decision?: string;
  failures?: { message: string }[];
}

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/upstream/verdicts.ts <conformance.json>');
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
for (const r of report.requirements) {
  if (r.verdict === 'pass') continue;
  if (r.verdict === 'not-applicable' || r.verdict === 'skipped') {
    const key = `${r.verdict}: ${r.reason ?? ''}`;
    na.set(key, [...(na.get(key) ?? []), r.id]);
    continue;
  }
  const why = r.failures?.map((f) => f.message).join('; ') ?? '';
  console.log(`  ${r.verdict} ${r.level} ${r.id}${r.decision ? ` [${r.decision}]` : ''}: ${why}`);
}
for (const [reason, ids] of na) console.log(`  ${ids.length} × ${reason} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`);
