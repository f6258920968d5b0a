// Generates the conformance tests of one service at collection time: one test per operation and, when
// Playwright is run directly, one step per family and inside it one step per requirement (the grain is
// measured: BENCHMARKS.md, "The floor"). A test fails (in Playwright's own terms) iff a MUST requirement in it fails (under the CLI,
// which takes the verdict from the report, it is marked as failing: src/run/fixtures.ts); SHOULD failures
// and warnings are annotations, and every verdict is in the results attachment. CONFORMANCE_GREP (the
// CLI's --grep) selects families, each matched as `<file> METHOD path › family @tags`; a run narrowed
// that way has one test per selected family, with that title.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Family, Operation, Requirement, Service, Source } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { reportEnv } from '../../src/config/report-env.ts';
import { failureLines } from '../../src/results/format.ts';
import {
  FAMILY_ORDER,
  grepPattern,
  groupRequirements,
  operationTags,
  operationTitle,
  selectFamilies,
  testTags,
  testTitle,
} from '../../src/run/titles.ts';
import { expect, test } from '../../src/run/fixtures.ts';
import type { Unit } from '../../src/run/ahead.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A step's location is the table row its requirement comes from, so Playwright's own reports point at
 * the API page; given, it also spares Playwright capturing and source-mapping a stack trace per step,
 * which cost more than the checks themselves (BENCHMARKS.md, "The floor").
 */
function rowOf(source: Source): { file: string; line: number; column: number } {
  return { file: resolve(ROOT, source.doc), line: source.line, column: 1 };
}

interface TestUnit extends Unit {
  title: string;
  tags: string[];
}

let everyUnit: TestUnit[] | undefined;

/**
 * The units of every spec file, in the order one worker runs them (files by name, tests in order):
 * each test hands the list and its own place in it to the worker, which runs what is independent
 * ahead of the tests (CONFORMANCE_CONCURRENCY; src/run/ahead.ts) — this file's units, or every file's
 * when the CLI says one worker runs them all.
 */
function allUnits(): TestUnit[] {
  if (everyUnit) return everyUnit;
  const catalog = loadCatalog();
  const grepText = reportEnv().grep;
  const grep = grepText ? grepPattern(grepText) : undefined;
  const services = [...new Set(catalog.operations.map((o) => o.service))]
    .filter((s) => existsSync(resolve(import.meta.dirname, `${s}.spec.ts`)))
    .sort();
  everyUnit = services.flatMap((service) =>
    unitsOf(
      service,
      catalog.operations.filter((o) => o.service === service),
      catalog.requirements,
      grep,
    ),
  );
  return everyUnit;
}

export function defineConformanceTests(service: Service): void {
  // One worker runs a service's tests in order: responses are shared and the lifecycle runs once.
  test.describe.configure({ mode: 'default' });
  const all = allUnits();
  all.forEach((unit, index) => {
    if (unit.operation.service === service)
      defineTest(unit.operation, unit.title, unit.tags, unit.families, unit.groups, all, index);
  });
}

function unitsOf(
  service: Service,
  operations: Operation[],
  requirements: Requirement[],
  grep: RegExp | undefined,
): TestUnit[] {
  const planned: TestUnit[] = [];
  for (const op of operations) {
    const groups = selectFamilies(`${service}.spec.ts`, op, groupRequirements(requirements, op.id), grep);
    if (groups.size === 0) continue;
    const selected = FAMILY_ORDER.filter((f) => groups.has(f));
    // A whole run: one test per operation. A run narrowed by --grep: one test per selected family,
    // titled and tagged as the family was matched, so that Playwright's own --grep (the CLI passes it
    // too, for suites of other shapes) keeps exactly the tests this selection defines.
    const units = grep
      ? selected.map((family) => ({
          title: testTitle(op, family),
          tags: testTags(op, family, groups.get(family)!),
          families: [family],
        }))
      : [{ title: operationTitle(op), tags: operationTags(op, groups), families: selected }];
    for (const unit of units) planned.push({ operation: op, groups, ...unit });
  }
  return planned;
}

function defineTest(
  op: Operation,
  title: string,
  tags: string[],
  families: Family[],
  groups: Map<Family, Requirement[]>,
  planned: readonly Unit[],
  index: number,
): void {
  test(
    title,
    {
      tag: tags,
      annotation: [
        { type: 'operation', description: op.id },
        { type: 'families', description: families.join(',') },
      ],
    },
    async ({ conformance }) => {
      // From this test's unit on: a test Playwright's own --grep left out before it is not run for it.
      conformance.plan(planned, index);
      // Under the CLI its reports read every verdict from the results attachment, and no Playwright
      // reporter it runs shows steps: the step per family and per requirement (about 2,200 a run, two
      // messages to the runner and a step record in the worker each) are left out. Run directly, each
      // is a step at its table row.
      const step = (title: string, body: () => unknown, source: Source) =>
        conformance.marksFailures ? body() : test.step(title, body, { location: rowOf(source) });
      // A family that throws (the checks themselves never do) does not keep the others from running.
      const crashes: unknown[] = [];
      let mustFailed = false;
      for (const family of families) {
        const requirements = groups.get(family)!;
        const byId = new Map(requirements.map((r) => [r.id, r]));
        const body = async () => {
          let results;
          try {
            results = await conformance.run(op, family, requirements);
          } catch (error) {
            crashes.push(error);
            return;
          }
          for (const result of results) {
            const req = byId.get(result.requirementId)!;
            const judge = () => {
              if (result.verdict === 'fail' && req.level === 'MUST') {
                mustFailed = true;
                expect
                  .soft(
                    result.verdict,
                    `${req.id}\n${result.failures.map((f) => failureLines(f).join('\n')).join('\n\n')}`,
                  )
                  .toBe('pass');
              } else if (result.verdict === 'fail' || result.verdict === 'warn') {
                test.info().annotations.push({
                  type: `${req.level.toLowerCase()}-${result.verdict}`,
                  description: `${req.id}: ${result.failures[0]?.message ?? result.reason ?? ''}`,
                });
              }
            };
            await step(`${req.title} [${result.verdict}]`, judge, req.source);
          }
        };
        await step(testTitle(op, family), body, requirements[0]!.source);
      }
      if (crashes.length > 0) throw crashes[0];
      // Under the CLI the report decides: the test is shown failing (✘) and its worker stays.
      if (mustFailed && conformance.marksFailures)
        test.fail(true, 'a MUST requirement failed; the conformance report holds the verdict');
    },
  );
}
