import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ASSERTIONS as VOCABULARY, type Assertion } from '../../src/catalog/model.ts';
import { CHECKS, checkFor } from '../../src/checks/registry.ts';
import { defineCheck, Findings } from '../../src/checks/model.ts';
import { DEFECTS } from '../../src/target/defects.ts';

// Every assertion of the catalog model's one vocabulary.
const ASSERTIONS: Record<Assertion, true> = Object.fromEntries(Object.keys(VOCABULARY).map((a) => [a, true])) as Record<
  Assertion,
  true
>;

/** For each check, a defect of the reference target that makes it fail (the mutation matrix proves it). */
const FAILED_BY: Record<string, string> = {
  'response-body-matches-schema': 'deployment-id-not-string',
  'timestamp-iso8601-form': 'deployment-time-epoch',
  'timestamp-updated-not-before-created': 'deployment-updated-before-created',
  'enum-response-documented-value': 'deployment-status-lowercase',
  'success-code-documented': 'deployment-create-201',
  'error-code-provoked': 'deployment-unknown-id-500',
  'error-body-upstream-fault': 'deployment-error-body-plain',
  'content-type-json': 'content-type-text-plain',
  'request-id-header': 'request-id-missing',
  'microversion-echo-header': 'microversion-not-echoed',
  'microversion-out-of-range-406': 'microversion-out-of-range-accepted',
  'pagination-links-walk': 'backups-next-link-repeats',
  'pagination-marker-offset-honoured': 'backups-ignores-offset',
  'image-limit-marker-paging': 'images-ignore-marker',
  'filter-narrows-result': 'backups-name-filter-ignored',
  'sort-orders-result': 'sort-ignored',
  'filter-bad-value-rejected': 'image-bad-filter-accepted',
  'with-count-total': 'backups-count-page-length',
  'resource-lifecycle-consistent': 'deployment-update-not-applied',
};

/**
 * Checks no defect of the reference target makes fail, and the given/want table that shows them
 * failing instead. Accepting an undocumented status is upstream Heat's legal habit (a warning), so
 * the target has no defect for it; only a server error fails that check.
 */
const FAILED_IN_TABLES: Record<string, { file: string; title: string }> = {
  'enum-request-undocumented-value-rejected': {
    file: 'tests/unit/checks-families.test.ts',
    title: 'broken (SHOULD): an undocumented status is a server error',
  },
};

describe('check registry', () => {
  it('ids are unique and kebab-case', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('every assertion of the vocabulary is covered by a check', () => {
    for (const assertion of Object.keys(ASSERTIONS) as Assertion[]) assert.ok(checkFor(assertion), assertion);
  });
  it('each check verifies only assertions of its own family', () => {
    for (const c of CHECKS) {
      assert.ok(c.assertions.length > 0, c.id);
      for (const a of c.assertions)
        assert.equal(VOCABULARY[a], c.family, `${c.id} declares ${a}, an assertion of ${VOCABULARY[a]}`);
    }
  });
  it("names along a requirement's path share its words: the check, its run function and its export", async () => {
    for (const c of CHECKS) {
      const name = c.id.replace(/-([a-z0-9])/g, (_, x: string) => x.toUpperCase());
      assert.equal(c.run.name, name, c.id);
      const module = (await import(`../../src/checks/families/${c.family}.ts`).catch(() => undefined)) as
        Record<string, unknown> | undefined;
      const holder = module?.[name] === c ? c.family : undefined;
      const files = [
        'body',
        'enums-request',
        'enums-response',
        'filters',
        'headers',
        'pagination',
        'schema',
        'stateful',
        'status-codes',
        'timestamps',
      ];
      const found =
        holder ??
        (
          await Promise.all(
            files.map(async (f) =>
              ((await import(`../../src/checks/families/${f}.ts`)) as Record<string, unknown>)[name] === c
                ? f
                : undefined,
            ),
          )
        ).find(Boolean);
      assert.ok(
        found && (found.startsWith(c.family) || c.family.startsWith(found.split('-')[0]!)),
        `${c.id}: exported as ${name} from a file of its family (found in ${found})`,
      );
    }
  });
  it('a check whose run is not named after its id is refused', () => {
    assert.throws(
      () =>
        defineCheck({
          id: 'content-type-json',
          family: 'headers',
          assertions: ['content-type-json'],
          title: 't',
          appliesTo: () => true,
          writes: false,
          run: async () => new Findings(),
        }),
      /run must be a function named contentTypeJson/,
    );
  });
  it('every check has a defect of the reference target that makes it fail', () => {
    // Bad filter values are a status-codes defect of the target; the check reads them as filters.
    for (const c of CHECKS) {
      const table = FAILED_IN_TABLES[c.id];
      if (table) {
        assert.ok(
          readFileSync(new URL(`../../${table.file}`, import.meta.url), 'utf8').includes(`'${table.title}'`),
          `${c.id}: no case "${table.title}" in ${table.file}`,
        );
      } else {
        assert.ok(
          DEFECTS.some((d) => d.name === FAILED_BY[c.id]),
          `${c.id}: no defect named`,
        );
      }
    }
  });
});
