// Baseline: an earlier conformance.json, so a run says what it broke and what it fixed rather than
// only what is failing today.
import type { Verdict } from '../results/model.ts';
import { ReportInputError, readInputFile } from './input-error.ts';
import type { BaselineDiff, RequirementEntry } from './model.ts';
import { VERDICTS } from './score.ts';

export interface Baseline {
  file: string;
  catalogVersion: string;
  verdicts: Map<string, Verdict>;
}

export function loadBaseline(file: string): Baseline {
  const text = readInputFile(file, 'the baseline');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(file, '', `not JSON: ${(error as Error).message}`);
  }
  const report = data as { catalog?: { version?: unknown }; requirements?: unknown };
  if (typeof report !== 'object' || report === null || !Array.isArray(report.requirements)) {
    throw new ReportInputError(file, 'requirements', 'not a conformance.json: no requirements list');
  }
  const verdicts = new Map<string, Verdict>();
  report.requirements.forEach((item: unknown, index: number) => {
    const entry = item as { id?: unknown; verdict?: unknown };
    if (typeof entry?.id !== 'string' || !VERDICTS.includes(entry.verdict as Verdict)) {
      throw new ReportInputError(file, `requirements[${index}]`, 'expected an id and a verdict');
    }
    verdicts.set(entry.id, entry.verdict as Verdict);
  });
  const catalogVersion = typeof report.catalog?.version === 'string' ? report.catalog.version : 'unknown';
  return { file, catalogVersion, verdicts };
}

/** A waived failure is still a failure the baseline knew about, so it is not newly failing when it expires. */
function failing(verdict: Verdict | 'absent' | undefined): boolean {
  return verdict === 'fail' || verdict === 'waived';
}

export function diffBaseline(entries: RequirementEntry[], baseline: Baseline): BaselineDiff {
  const diff: BaselineDiff = {
    file: baseline.file,
    catalogVersion: baseline.catalogVersion,
    newlyFailing: [],
    newlyFixed: [],
  };
  for (const entry of entries) {
    const before = baseline.verdicts.get(entry.id) ?? 'absent';
    entry.baselineVerdict = before;
    if (entry.verdict === 'fail' && !failing(before)) diff.newlyFailing.push(entry.id);
    if (failing(before) && (entry.verdict === 'pass' || entry.verdict === 'warn')) diff.newlyFixed.push(entry.id);
  }
  return diff;
}
