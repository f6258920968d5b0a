// Turns what a run collected into the report: one entry per catalog requirement (a requirement no check
// spoke about is `skipped`, with the reason), then waivers, baseline, verdict, score and gate. Pure, so
// an unsharded run and a merge of shards give the same report from the same facts.
import type { Catalog, Requirement } from '../catalog/model.ts';
import type { RequirementResult, Verdict } from '../results/model.ts';
import { diffBaseline, type Baseline } from './baseline.ts';
import type { ConformanceReport, GateLevel, RequirementEntry, RunDescription, TargetDescription } from './model.ts';
import { REPORT_FORMAT_VERSION } from './model.ts';
import { bases, countVerdicts, gatePassed, overallVerdict, score } from './score.ts';
import { applyWaivers, type Waiver } from './waivers.ts';

/** A Playwright test of this run, as far as the report cares: which operation and families it covers. */
export interface PlannedTest {
  title: string;
  operation?: string;
  /** A test that covers one family. */
  family?: string;
  /** A test that covers several (the suite's own: one test per operation, a step per family). */
  families?: string[];
  /** finished: ended with results; errored: ended with an error and no result for some requirement; pending: never ended. */
  state: 'finished' | 'errored' | 'pending' | 'skipped';
  error?: string;
}

export interface RunFacts {
  catalog: Catalog;
  tool: { name: string; version: string };
  target: TargetDescription;
  results: readonly RequirementResult[];
  tests: readonly PlannedTest[];
  status: RunDescription['status'];
  startTime: Date;
  durationMs: number;
  shard: RunDescription['shard'];
  grep?: string;
  gate: GateLevel;
  waivers?: { file: string; list: readonly Waiver[] };
  baseline?: Baseline;
  /** Extra reasons the run is incomplete (the target died, a signal arrived, results unreadable). */
  incompleteReasons?: readonly string[];
  /** Why a requirement no test of this run covers was skipped, when the run itself explains it. */
  skipReason?: string;
  /** Requests the workers sent and retried (after 429 or 503), where the tests said. */
  requests?: RunDescription['requests'];
  now: Date;
}

// Worst first: when two tests speak about one requirement, the worse verdict stands.
const SEVERITY: Verdict[] = ['fail', 'warn', 'pass', 'waived', 'not-tested', 'not-applicable', 'skipped'];

function combine(results: RequirementResult[]): RequirementResult {
  const sorted = [...results].sort((a, b) => SEVERITY.indexOf(a.verdict) - SEVERITY.indexOf(b.verdict));
  const worst = sorted[0]!;
  return {
    ...worst,
    failures: results.flatMap((r) => r.failures),
    durationMs: results.reduce((sum, r) => sum + (r.durationMs || 0), 0),
  };
}

function key(operation: string | undefined, family: string | undefined): string {
  return `${operation ?? '?'}\u0000${family ?? '?'}`;
}

function skipReason(requirement: Requirement, facts: RunFacts, byGroup: Map<string, PlannedTest[]>): string {
  const tests = byGroup.get(key(requirement.operation, requirement.family)) ?? [];
  const errored = tests.find((t) => t.state === 'errored');
  if (errored) return `the test "${errored.title}" ended without a result for it: ${errored.error ?? 'an error'}`;
  if (tests.some((t) => t.state === 'pending')) return 'the run ended before this check ran';
  if (tests.some((t) => t.state === 'skipped')) return 'the test covering it was skipped';
  if (tests.length > 0) return 'no check ran for this requirement';
  if (facts.skipReason) return facts.skipReason;
  if (facts.shard && facts.shard.total > 1) return `not in this shard (${facts.shard.current}/${facts.shard.total})`;
  if (facts.grep) return `not selected by --grep ${facts.grep}`;
  if (facts.status === 'interrupted' || facts.status === 'timedout') return 'the run ended before this check ran';
  return 'no check covers this requirement';
}

function entryBase(requirement: Requirement) {
  return {
    id: requirement.id,
    level: requirement.level,
    family: requirement.family,
    operation: requirement.operation,
    title: requirement.title,
    basis: requirement.basis,
    citation: { ...requirement.source },
  };
}

/**
 * A requirement's entry from the results its tests reported, before waivers: what the report holds
 * for it (buildReport) and what the reporter stages for it as its test ends.
 */
export function requirementEntry(requirement: Requirement, results: RequirementResult[]): RequirementEntry {
  const result = combine(results);
  // The catalog, not the check, is the authority on level and citation: a check that disagrees
  // cannot move a requirement between MUST and SHOULD.
  const decision = result.decision ?? requirement.decision;
  const failures = result.failures.map((f) => ({ ...f }));
  // A fail must say what failed and a non-verdict why; a check that forgot is named as such.
  if (result.verdict === 'fail' && failures.length === 0)
    failures.push({ message: `check ${result.checkId} reported a failure without details` });
  const reason =
    result.reason ||
    (['skipped', 'not-applicable', 'waived', 'not-tested'].includes(result.verdict)
      ? `check ${result.checkId} gave no reason`
      : undefined);
  return {
    ...entryBase(requirement),
    verdict: result.verdict,
    ...(reason ? { reason } : {}),
    ...(decision ? { decision } : {}),
    checkId: result.checkId,
    failures,
    durationMs: Math.round(result.durationMs || 0),
  };
}

export function buildReport(facts: RunFacts): ConformanceReport {
  const resultsById = new Map<string, RequirementResult[]>();
  for (const result of facts.results) {
    const list = resultsById.get(result.requirementId) ?? [];
    list.push(result);
    resultsById.set(result.requirementId, list);
  }
  const byGroup = new Map<string, PlannedTest[]>();
  for (const test of facts.tests) {
    for (const family of test.families ?? [test.family]) {
      const list = byGroup.get(key(test.operation, family)) ?? [];
      list.push(test);
      byGroup.set(key(test.operation, family), list);
    }
  }

  const entries: RequirementEntry[] = facts.catalog.requirements.map((requirement) => {
    const results = resultsById.get(requirement.id);
    if (!results) {
      return {
        ...entryBase(requirement),
        verdict: 'skipped',
        reason: skipReason(requirement, facts, byGroup),
        ...(requirement.decision ? { decision: requirement.decision } : {}),
        failures: [],
        durationMs: 0,
      };
    }
    return requirementEntry(requirement, results);
  });

  const incompleteReasons = [...(facts.incompleteReasons ?? [])];
  if (facts.status === 'interrupted') incompleteReasons.push('the run was interrupted');
  if (facts.status === 'timedout') incompleteReasons.push('the run reached its total time budget');
  if (facts.shard && facts.shard.total > 1)
    incompleteReasons.push(
      `this is shard ${facts.shard.current} of ${facts.shard.total}; merge the shards for the whole verdict`,
    );
  const errored = facts.tests.filter((t) => t.state === 'errored');
  if (errored.length > 0)
    incompleteReasons.push(
      `${errored.length} test(s) ended with an error before reporting all their requirements (first: ${errored[0]!.title}: ${errored[0]!.error ?? 'an error'})`,
    );
  const complete = incompleteReasons.length === 0;

  const waivers = facts.waivers ? applyWaivers(entries, facts.waivers.list, facts.waivers.file, facts.now) : undefined;
  const baseline = facts.baseline ? diffBaseline(entries, facts.baseline) : undefined;
  const counts = countVerdicts(entries);
  const verdict = overallVerdict(entries, complete);
  const endedAt = new Date(facts.startTime.getTime() + facts.durationMs);
  const ran = facts.tests.filter((t) => t.state !== 'pending').length;

  return {
    formatVersion: REPORT_FORMAT_VERSION,
    tool: facts.tool,
    catalog: { version: facts.catalog.version, generatedBy: facts.catalog.generatedBy },
    target: facts.target,
    run: {
      startedAt: facts.startTime.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: Math.round(facts.durationMs),
      complete,
      status: facts.status,
      incompleteReasons,
      shard: facts.shard,
      ...(facts.grep ? { grep: facts.grep } : {}),
      tests: { total: facts.tests.length, ran, errored: errored.length },
      ...(facts.requests ? { requests: facts.requests } : {}),
    },
    verdict,
    gate: { level: facts.gate, passed: gatePassed(entries, verdict, facts.gate, complete) },
    score: score(counts),
    bases: bases(entries, complete),
    counts,
    ...(baseline ? { baseline } : {}),
    ...(waivers ? { waivers } : {}),
    requirements: entries,
  };
}
