// The memo of compiled schema sets (src/checks/schema-memo.ts): Ajv's standalone code of the schemas,
// recorded once they were meta-validated and compiled, and what skipping both still leaves checked.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { memoisedRegistry, schemaMemo } from '../../src/checks/schema-memo.ts';

const dir = mkdtempSync(join(tmpdir(), 'schema-memo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Values that pass or fail the project's schemas in many ways. */
const SAMPLES: unknown[] = [{}, null, [], 'x', 3, { not: 'a match' }, { id: 7, name: null, links: [{ href: 1 }] }];

describe('schemaMemo', () => {
  it('holds a schema set only once it was remembered, and only for those exact bytes', () => {
    const cache = mkdtempSync(join(dir, 'exact-'));
    const schemas = loadSchemas();
    const first = schemaMemo(schemas, cache);
    assert.equal(first.source, undefined);
    first.remember('"use strict";');
    assert.equal(schemaMemo(schemas, cache).source, '"use strict";');
    const changed = structuredClone(schemas) as Record<string, unknown>[];
    changed[0]!.description = 'edited by hand';
    assert.equal(schemaMemo(changed, cache).source, undefined);
  });

  it('keeps the newest few records: a schema set edited again and again does not fill the cache', () => {
    const cache = mkdtempSync(join(dir, 'pruned-'));
    const schemas = loadSchemas();
    const records = join(cache, 'validators');
    for (let i = 0; i < 7; i++) {
      const before = existsSync(records) ? readdirSync(records) : [];
      const edited = structuredClone(schemas) as Record<string, unknown>[];
      edited[0]!.description = `edit ${i}`;
      schemaMemo(edited, cache).remember(`"use strict"; // ${i}`);
      // Written runs apart in life: a second each here, so the order does not rest on the clock's grain.
      for (const name of readdirSync(records).filter((n) => !before.includes(n)))
        utimesSync(join(records, name), 1_700_000_000 + i, 1_700_000_000 + i);
    }
    assert.equal(readdirSync(join(cache, 'validators')).length, 4);
    const last = structuredClone(schemas) as Record<string, unknown>[];
    last[0]!.description = 'edit 6';
    assert.equal(schemaMemo(last, cache).source, '"use strict"; // 6');
  });

  it('an unwritable cache directory only means compiling again', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    // A directory under a regular file can be neither read nor created.
    const memo = schemaMemo(loadSchemas(), join(file, 'cache'));
    assert.equal(memo.source, undefined);
    assert.doesNotThrow(() => memo.remember('"use strict";'));
    assert.ok(memoisedRegistry(loadSchemas(), join(file, 'cache')) instanceof SchemaRegistry);
  });
});

describe('memoisedRegistry', () => {
  const schemas = loadSchemas();
  const live = new SchemaRegistry(schemas);

  it('records the compiled set, and the next registry validates from the record exactly as compiling does', () => {
    const cache = mkdtempSync(join(dir, 'same-'));
    const first = memoisedRegistry(schemas, cache);
    assert.equal(readdirSync(join(cache, 'validators')).length, 1);
    const second = memoisedRegistry(schemas, cache);
    for (const { $id } of schemas as { $id: string }[])
      for (const value of SAMPLES) {
        assert.deepEqual(first.validate($id, value), live.validate($id, value), `${$id} ${JSON.stringify(value)}`);
        assert.deepEqual(second.validate($id, value), live.validate($id, value), `${$id} ${JSON.stringify(value)}`);
      }
  });

  it("formats work in validators from the record: the vocabulary's timestamp and ajv-formats' own", () => {
    const cache = mkdtempSync(join(dir, 'formats-'));
    const stamped = {
      $id: 'https://example.test/stamped.json',
      type: 'object',
      properties: { at: { type: 'string', format: 'iso8601-timestamp' }, uri: { type: 'string', format: 'uri' } },
    };
    memoisedRegistry([stamped], cache);
    const recorded = memoisedRegistry([stamped], cache);
    assert.deepEqual(recorded.validate(stamped.$id, { at: '2024-03-01T12:00:00Z', uri: 'https://x.test/a' }), []);
    const errors = recorded.validate(stamped.$id, { at: '2024-03-01T12:00:00z', uri: 'not a uri' });
    assert.deepEqual(
      errors.map((e) => [e.instancePath, e.keyword]),
      [
        ['/at', 'format'],
        ['/uri', 'format'],
      ],
    );
  });

  it('the next registry takes its validators from the record, not from compiling', () => {
    const cache = mkdtempSync(join(dir, 'used-'));
    memoisedRegistry(schemas, cache);
    const file = join(cache, 'validators', readdirSync(join(cache, 'validators'))[0]!);
    const id = (schemas[0] as { $id: string }).$id;
    // A record whose validators accept anything: what the registry answers shows where it came from.
    writeFileSync(file, `"use strict";exports[${JSON.stringify(id)}] = function () { return true; };`);
    assert.deepEqual(memoisedRegistry(schemas, cache).validate(id, null), []);
    assert.notDeepEqual(live.validate(id, null), []);
  });

  it('a damaged record is compiled over', () => {
    const cache = mkdtempSync(join(dir, 'damaged-'));
    memoisedRegistry(schemas, cache);
    const file = join(cache, 'validators', readdirSync(join(cache, 'validators'))[0]!);
    writeFileSync(file, 'this is not JavaScript {');
    const registry = memoisedRegistry(schemas, cache);
    const id = (schemas[0] as { $id: string }).$id;
    assert.deepEqual(registry.validate(id, null), live.validate(id, null));
    assert.deepEqual(memoisedRegistry(schemas, cache).validate(id, null), live.validate(id, null));
  });

  it('a set strict mode refuses is not recorded; the refused schema fails where it is used, the others validate', () => {
    const cache = mkdtempSync(join(dir, 'strict-'));
    const good = { $id: 'https://example.test/good.json', type: 'object', properties: { a: {} }, required: ['a'] };
    const unknownKeyword = { $id: 'https://example.test/kw.json', type: 'object', propertiez: {} };
    const registry = memoisedRegistry([good, unknownKeyword], cache);
    assert.equal(existsSync(join(cache, 'validators')), false);
    assert.throws(() => registry.validate(unknownKeyword.$id, {}), /unknown keyword/);
    assert.equal(registry.validate(good.$id, {}).length, 1);
  });

  it('a set the meta-schema rejects fails at once, as without the memo', () => {
    const bad = { $id: 'https://example.test/bad.json', type: 'object', properties: { a: { type: 'strnig' } } };
    assert.throws(() => memoisedRegistry([bad], mkdtempSync(join(dir, 'meta-'))), /schema is invalid/);
  });
});

describe('SchemaRegistry with metaValidated', () => {
  const bad = { $id: 'https://example.test/bad.json', type: 'object', properties: { a: { type: 'strnig' } } };
  const unknownKeyword = { $id: 'https://example.test/kw.json', type: 'object', propertiez: {} };

  it('without the memo, a schema the meta-schema rejects fails at once', () => {
    assert.throws(() => new SchemaRegistry([bad]), /schema is invalid/);
  });

  it('with it, strict mode still rejects an unknown keyword when the schema is first used', () => {
    const registry = new SchemaRegistry([unknownKeyword], { metaValidated: true });
    assert.throws(() => registry.validate(unknownKeyword.$id, {}), /unknown keyword/);
  });

  it('the project schemas validate the same either way', () => {
    const schemas = loadSchemas();
    const checked = new SchemaRegistry(schemas);
    const trusted = new SchemaRegistry(schemas, { metaValidated: true });
    for (const { $id } of schemas)
      assert.deepEqual(trusted.validate($id, { not: 'a match' }), checked.validate($id, { not: 'a match' }));
  });
});

describe('SchemaRegistry honours the declared vocabulary (src/catalog/vocabulary.ts)', () => {
  it('an x- keyword the vocabulary does not declare is refused, a declared one is an annotation', () => {
    const undeclared = { $id: 'https://example.test/x.json', type: 'object', 'x-unheard-of': 1 };
    assert.throws(() => new SchemaRegistry([undeclared]).validate(undeclared.$id, {}), /unknown keyword/);
    const declared = { $id: 'https://example.test/d.json', type: 'object', 'x-doc-type': 'dict' };
    assert.deepEqual(new SchemaRegistry([declared]).validate(declared.$id, {}), []);
  });

  it('a format the vocabulary does not declare is refused; iso8601-timestamp reads as the one reader does', () => {
    const odd = { $id: 'https://example.test/f.json', type: 'string', format: 'openstack-date-time' };
    assert.throws(() => new SchemaRegistry([odd]).validate(odd.$id, ''), /unknown format/);
    const ts = { $id: 'https://example.test/t.json', type: 'string', format: 'iso8601-timestamp' };
    const registry = new SchemaRegistry([ts]);
    assert.deepEqual(registry.validate(ts.$id, '2024-03-01T12:00:00Z'), []);
    assert.equal(registry.validate(ts.$id, '2024-03-01T12:00:00z').length, 1);
  });
});
