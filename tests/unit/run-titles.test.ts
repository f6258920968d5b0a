import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { Family, Operation, Requirement } from '../../src/catalog/model.ts';
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

const catalog = loadCatalog();
const op = (id: string): Operation => catalog.operations.find((o) => o.id === id)!;
const IMAGES = op('image-list-detail');
const BACKUPS = op('backup-list');
const SHOW = op('software-deployment-show');
const groups = (o: Operation) => groupRequirements(catalog.requirements, o.id);
const fileOf = (o: Operation) => `${o.service}.spec.ts`;
const LEVELS = new Set(['@must', '@should', '@may']);

/** The subject Playwright matches a family's test against, built here independently of titles.ts. */
function subject(o: Operation, family: Family, requirements: Requirement[]): string {
  const levels = [...new Set(requirements.map((r) => `@${r.level.toLowerCase()}`))].sort();
  return ['', '', fileOf(o), `${o.method} ${o.path} › ${family}`, ...levels, `@${family}`, `@${o.service}`].join(' ');
}

/** The families of an operation whose subject the pattern matches, each with a fresh regex. */
function expectedFamilies(o: Operation, source: string, flags: string): Family[] {
  return [...groups(o)]
    .filter(([family, reqs]) => new RegExp(source, flags).test(subject(o, family, reqs)))
    .map(([f]) => f);
}

function select(o: Operation, grep: RegExp | undefined, file = fileOf(o)): Family[] {
  return [...selectFamilies(file, o, groups(o), grep).keys()];
}

test('the catalog has the operations and families these tests lean on', () => {
  for (const o of [IMAGES, BACKUPS, SHOW]) assert.ok(o, 'operation in the catalog');
  assert.ok(groups(IMAGES).has('timestamps') && groups(IMAGES).has('status-codes'));
  assert.ok(groups(BACKUPS).size >= 3);
  assert.ok(!groups(BACKUPS).has('timestamps'), 'backup-list has no timestamps family');
});

test('grepPattern: `/source/flags` is a literal regex with exactly those flags', () => {
  const re = grepPattern('/Images\\/detail/i');
  assert.equal(re.source, 'Images\\/detail');
  assert.equal(re.flags, 'i');
  assert.ok(re.test('GET /v1.1/images/detail'));

  const sensitive = grepPattern('/@MUST/');
  assert.equal(sensitive.source, '@MUST');
  assert.equal(sensitive.flags, '', 'no flags given: case-sensitive, as in Playwright');
  assert.ok(!sensitive.test('x @must'));
  assert.ok(sensitive.test('x @MUST'));

  const both = grepPattern('/a|b/gi');
  assert.equal(both.source, 'a|b');
  assert.equal(both.flags, 'gi');
});

test('grepPattern: a plain text is a pattern compiled with gi (case-insensitive)', () => {
  const re = grepPattern('@MUST');
  assert.equal(re.source, '@MUST');
  assert.equal(re.flags, 'gi');
  assert.ok(re.test('GET /x › schema @must'));
  re.lastIndex = 0;
  assert.ok(re.test('GET /x › schema @Must'));

  // The text is a regex, not a literal string.
  const alt = grepPattern('@timestamps|@pagination');
  assert.ok(alt.test('x @pagination'));
});

test('grepPattern: slashes with flags other than g and i are not the literal form', () => {
  const re = grepPattern('/foo/x');
  assert.equal(re.flags, 'gi');
  assert.ok(re.test('a /FOO/x b'));
  re.lastIndex = 0;
  assert.ok(!re.test('foo'));
});

test('selectFamilies: no grep returns every group, the same map', () => {
  const all = groups(IMAGES);
  assert.equal(selectFamilies('image.spec.ts', IMAGES, all, undefined), all);
});

const CASES: { grep: string; o: Operation; expected: (o: Operation) => Family[] }[] = [
  { grep: '@timestamps', o: IMAGES, expected: () => ['timestamps'] },
  { grep: '@timestamps', o: SHOW, expected: () => ['timestamps'] },
  { grep: '@timestamps', o: BACKUPS, expected: () => [] },
  { grep: 'images/detail › status-codes', o: IMAGES, expected: () => ['status-codes'] },
  { grep: 'images/detail › status-codes', o: BACKUPS, expected: () => [] },
  {
    grep: '@must',
    o: IMAGES,
    expected: (o) => [...groups(o)].filter(([, reqs]) => reqs.some((r) => r.level === 'MUST')).map(([f]) => f),
  },
  {
    grep: '@should',
    o: BACKUPS,
    expected: (o) => [...groups(o)].filter(([, reqs]) => reqs.some((r) => r.level === 'SHOULD')).map(([f]) => f),
  },
  { grep: 'block-storage', o: BACKUPS, expected: (o) => [...groups(o).keys()] },
  { grep: 'block-storage', o: IMAGES, expected: () => [] },
  { grep: 'image.spec.ts', o: IMAGES, expected: (o) => [...groups(o).keys()] },
  { grep: 'image.spec.ts', o: BACKUPS, expected: () => [] },
  { grep: 'image.spec.ts', o: SHOW, expected: () => [] },
];

for (const c of CASES) {
  test(`selectFamilies: --grep ${c.grep} on ${c.o.id} selects exactly the families whose subject matches`, () => {
    const expected = c.expected(c.o);
    const got = select(c.o, grepPattern(c.grep));
    assert.deepEqual(got, expected);
    // And it agrees with a fresh regex per family against the subject built independently here.
    assert.deepEqual(got, expectedFamilies(c.o, c.grep, 'gi'));
  });
}

test('selectFamilies: @must leaves out a family with only SHOULD requirements and keeps one with a MUST', () => {
  const mustOnly = [...groups(IMAGES)].filter(([, reqs]) => !reqs.some((r) => r.level === 'MUST')).map(([f]) => f);
  assert.ok(mustOnly.length > 0, 'image-list-detail has a SHOULD-only family');
  const got = select(IMAGES, grepPattern('@must'));
  for (const f of mustOnly) assert.ok(!got.includes(f), `${f} has no MUST requirement`);
  assert.ok(got.includes('schema'));
});

test('selectFamilies: the literal form is case-sensitive, the plain form is not', () => {
  assert.deepEqual(select(IMAGES, grepPattern('/@TIMESTAMPS/')), []);
  assert.deepEqual(select(IMAGES, grepPattern('/@timestamps/')), ['timestamps']);
  assert.deepEqual(select(IMAGES, grepPattern('@TIMESTAMPS')), ['timestamps']);
});

test('selectFamilies: the file name is part of the subject', () => {
  assert.deepEqual(select(BACKUPS, grepPattern('image\\.spec'), 'image.spec.ts'), [...groups(BACKUPS).keys()]);
  assert.deepEqual(select(BACKUPS, grepPattern('image\\.spec'), 'block-storage.spec.ts'), []);
});

test('selectFamilies: a global regex matches every family and again on a second call (lastIndex reset)', () => {
  // Matches once, early in each subject: without a reset, the next test would start past it.
  const grep = grepPattern('images/detail');
  assert.ok(grep.global);
  const all = [...groups(IMAGES).keys()];
  assert.deepEqual(select(IMAGES, grep), all);
  assert.deepEqual(select(IMAGES, grep), all);

  const ts = grepPattern('@timestamps');
  assert.deepEqual(select(IMAGES, ts), ['timestamps']);
  assert.deepEqual(select(IMAGES, ts), ['timestamps']);
  assert.deepEqual(select(SHOW, ts), ['timestamps']);
});

test('selectFamilies: a regex whose lastIndex was left past the subject by an earlier test still matches', () => {
  const grep = grepPattern('@timestamps');
  grep.lastIndex = 10_000;
  assert.deepEqual(select(IMAGES, grep), ['timestamps']);
});

test('selectFamilies keeps each selected family with its own requirements, in group order', () => {
  const all = groups(BACKUPS);
  const selected = selectFamilies('block-storage.spec.ts', BACKUPS, all, grepPattern('@pagination|@schema'));
  assert.deepEqual([...selected.keys()], ['schema', 'pagination']);
  assert.equal(selected.get('schema'), all.get('schema'));
  assert.equal(selected.get('pagination'), all.get('pagination'));
});

test("operationTags: the union of the families' tags, levels first, no duplicates", () => {
  for (const o of catalog.operations) {
    const g = groups(o);
    const tags = operationTags(o, g);
    assert.equal(new Set(tags).size, tags.length, `${o.id}: no duplicates`);
    const union = new Set([...g].flatMap(([family, reqs]) => testTags(o, family, reqs)));
    assert.deepEqual(new Set(tags), union, `${o.id}: exactly the union`);
    const levels = [...new Set([...g.values()].flat().map((r) => `@${r.level.toLowerCase()}`))].sort();
    assert.deepEqual(tags.slice(0, levels.length), levels, `${o.id}: levels first, sorted`);
    assert.ok(
      tags.slice(levels.length).every((t) => !LEVELS.has(t)),
      `${o.id}: no level after the others`,
    );
    assert.equal(tags.filter((t) => t === `@${o.service}`).length, 1);
    for (const family of g.keys()) assert.ok(tags.includes(`@${family}`));
  }
});

test('operationTags: only the selected families count', () => {
  const selected = selectFamilies('image.spec.ts', IMAGES, groups(IMAGES), grepPattern('@timestamps'));
  const levels = [...new Set(selected.get('timestamps')!.map((r) => `@${r.level.toLowerCase()}`))].sort();
  assert.deepEqual(operationTags(IMAGES, selected), [...levels, '@image', '@timestamps']);
  assert.deepEqual(operationTags(IMAGES, new Map()), []);
});

test('operationTags on hand-made groups: levels sorted first, then the service, then the families, once each', () => {
  const req = (family: Family, level: Requirement['level']) => ({ ...catalog.requirements[0]!, family, level });
  const g = new Map<Family, Requirement[]>([
    ['schema', [req('schema', 'SHOULD')]],
    ['headers', [req('headers', 'MUST'), req('headers', 'SHOULD')]],
  ]);
  assert.deepEqual(operationTags(IMAGES, g), ['@must', '@should', '@image', '@schema', '@headers']);
});

test('testTitle and testTags name the operation, the family, its levels and service', () => {
  const reqs = groups(BACKUPS).get('schema')!;
  assert.equal(operationTitle(BACKUPS), 'GET /v3/{project_id}/native/backups');
  assert.equal(testTitle(BACKUPS, 'schema'), 'GET /v3/{project_id}/native/backups › schema');
  const levels = [...new Set(reqs.map((r) => `@${r.level.toLowerCase()}`))].sort();
  assert.deepEqual(testTags(BACKUPS, 'schema', reqs), [...levels, '@schema', '@block-storage']);
});

test("groupRequirements: families in FAMILY_ORDER, none empty, only the operation's requirements in catalog order", () => {
  for (const o of catalog.operations) {
    const g = groups(o);
    const own = catalog.requirements.filter((r) => r.operation === o.id);
    const keys = [...g.keys()];
    assert.deepEqual(
      keys,
      FAMILY_ORDER.filter((f) => own.some((r) => r.family === f)),
      `${o.id}: family order`,
    );
    for (const [family, reqs] of g) {
      assert.ok(reqs.length > 0);
      assert.deepEqual(
        reqs,
        own.filter((r) => r.family === family),
        `${o.id} ${family}: catalog order`,
      );
    }
    assert.equal([...g.values()].flat().length, own.length, `${o.id}: every requirement once`);
  }
});

test('groupRequirements: headers come before status-codes, reads before writes', () => {
  assert.ok(FAMILY_ORDER.indexOf('headers') < FAMILY_ORDER.indexOf('status-codes'));
  const keys = [...groups(SHOW).keys()];
  assert.ok(keys.indexOf('headers') < keys.indexOf('status-codes'));
  assert.equal(keys.at(-1), 'stateful');
  assert.equal(keys[0], 'schema');
});

test('groupRequirements: an operation with no requirement gives an empty map', () => {
  assert.equal(groupRequirements(catalog.requirements, 'no-such-operation').size, 0);
  assert.equal(groupRequirements([], IMAGES.id).size, 0);
});
