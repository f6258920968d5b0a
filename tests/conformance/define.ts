// Generates the conformance tests of one service at collection time: one test per operation × family,
// one step per requirement. A test fails (in Playwright's own terms) iff a MUST requirement in it
// fails; SHOULD failures and warnings are annotations, and every verdict is in the results attachment.
import type { Service } from '../../src/catalog/model.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { formatFailure } from '../../src/checks/format.ts';
import { FAMILY_ORDER, groupRequirements, testTags, testTitle } from '../../src/run/titles.ts';
import { expect, test } from '../../fixtures/conformance.ts';

export function defineConformanceTests(service: Service): void {
  const catalog = loadCatalog();
  const operations = catalog.operations.filter((o) => o.service === service);
  // One worker runs a service's tests in order: responses are shared and the lifecycle runs once.
  test.describe.configure({ mode: 'default' });
  for (const op of operations) {
    const groups = groupRequirements(catalog.requirements, op.id);
    for (const family of FAMILY_ORDER) {
      const requirements = groups.get(family);
      if (!requirements) continue;
      const byId = new Map(requirements.map((r) => [r.id, r]));
      test(
        testTitle(op, family),
        {
          tag: testTags(op, family, requirements),
          annotation: [{ type: 'operation', description: op.id }],
        },
        async ({ conformance }) => {
          const results = await conformance.run(op, family, requirements);
          for (const result of results) {
            const req = byId.get(result.requirementId)!;
            await test.step(`${req.title} [${result.verdict}]`, async () => {
              if (result.verdict === 'fail' && req.level === 'MUST') {
                expect.soft(result.verdict, `${req.id}\n${result.failures.map(formatFailure).join('\n\n')}`).toBe('pass');
              } else if (result.verdict === 'fail' || result.verdict === 'warn') {
                test.info().annotations.push({
                  type: `${req.level.toLowerCase()}-${result.verdict}`,
                  description: `${req.id}: ${result.failures[0]?.message ?? result.reason ?? ''}`,
                });
              }
            });
          }
        },
      );
    }
  }
}
