// The shape of reports/conformance.json: what every other report (HTML, Markdown, JUnit, Allure, the
// terminal summary) is rendered from, and what a later run reads back as its baseline.
// Described for outside readers by conformance-report.schema.json beside this file.
import type { Family, Level, Service, Source } from '../catalog/model.ts';
import type { Failure, Verdict } from '../results/model.ts';

export const REPORT_FORMAT_VERSION = 1;

/**
 * `incomplete`: no MUST requirement failed, but the run did not cover what it set out to (interrupted,
 * timed out, the target died, one shard of several). A failure found is still a failure, so a run
 * that saw a MUST fail is `non-conforming` whether or not it finished.
 */
export type OverallVerdict = 'conforming' | 'non-conforming' | 'incomplete';

/**
 * `pages`: fail on a MUST failure (the pages' own requirements; the default, formerly `must`).
 * `upstream`: fail on any failure of a requirement whose basis is upstream OpenStack's habit.
 * `should`: fail on any MUST or SHOULD failure, whatever its basis.
 * Every gate fails an incomplete run.
 */
export type GateLevel = 'pages' | 'upstream' | 'should';

/** Where a requirement comes from: the pages (`documented`) or upstream OpenStack's habits (`upstream`). */
export type Basis = 'documented' | 'upstream';

/**
 * One basis of the report on its own: conformance to the pages (basis documented) or compatibility
 * with upstream OpenStack (basis upstream), each with its own verdict, score and counts.
 */
export interface BasisSummary {
  basis: Basis;
  /** `pages`: conforming unless a MUST fails; `upstream`: compatible unless any requirement fails. */
  verdict: 'conforming' | 'non-conforming' | 'compatible' | 'incompatible' | 'incomplete';
  score: { must: Ratio; should: Ratio; may: Ratio; all: Ratio };
  counts: VerdictCounts & { total: number };
  /** Failing requirement ids of this basis. */
  failing: string[];
}

export interface Ratio {
  passed: number;
  applicable: number;
  /** passed / applicable, rounded to 4 places; null when nothing was applicable. */
  ratio: number | null;
}

export type VerdictCounts = Record<Verdict, number>;

export interface RequirementEntry {
  id: string;
  level: Level;
  family: Family;
  operation: string;
  title: string;
  basis: Basis;
  verdict: Verdict;
  /** Why not-applicable / skipped / warn / waived. */
  reason?: string;
  citation: Source;
  decision?: string;
  checkId?: string;
  failures: Failure[];
  durationMs: number;
  waiver?: { reason: string; expires: string; expired: boolean };
  /** The verdict this requirement had in the baseline run, when one was given. */
  baselineVerdict?: Verdict | 'absent';
}

export interface TargetDescription {
  /** `embedded` for the reference target, else the cloud name. */
  cloudName: string;
  embedded: boolean;
  endpoints: Partial<Record<Service, string>>;
  authUrl?: string;
  readOnly: boolean;
}

export interface RunDescription {
  startedAt: string;
  endedAt: string;
  durationMs: number;
  complete: boolean;
  /** Playwright's own end status. */
  status: 'passed' | 'failed' | 'interrupted' | 'timedout';
  /** Why the run is incomplete, one sentence each. */
  incompleteReasons: string[];
  shard: { current: number; total: number } | null;
  grep?: string;
  /** Playwright tests run, and those that ended with an error of their own (not a requirement failure). */
  tests: { total: number; ran: number; errored: number };
  /** Requests sent to the target; `retried` of them were answered 429 or 503 and sent again, `retries` extra tries in all. */
  requests?: { sent: number; retried: number; retries: number };
}

export interface BaselineDiff {
  file: string;
  catalogVersion: string;
  /** Failing now, not failing in the baseline. */
  newlyFailing: string[];
  /** Failing in the baseline, passing (or warn) now. */
  newlyFixed: string[];
}

export interface WaiverSummary {
  file: string;
  /** Requirements whose failure a waiver turned into `waived`. */
  applied: string[];
  /** Requirements that fail again because their waiver expired. */
  expired: string[];
  /** Waivers naming a requirement that did not fail (or is not in the catalog). */
  unused: string[];
}

export interface ConformanceReport {
  formatVersion: typeof REPORT_FORMAT_VERSION;
  tool: { name: string; version: string };
  catalog: { version: string; generatedBy: string };
  target: TargetDescription;
  run: RunDescription;
  verdict: OverallVerdict;
  gate: { level: GateLevel; passed: boolean };
  score: { must: Ratio; should: Ratio; may: Ratio };
  /** Conformance to the pages and compatibility with upstream OpenStack, side by side. */
  bases: { pages: BasisSummary; upstream: BasisSummary };
  counts: VerdictCounts & { total: number; byLevel: Record<Level, VerdictCounts> };
  baseline?: BaselineDiff;
  waivers?: WaiverSummary;
  requirements: RequirementEntry[];
}
