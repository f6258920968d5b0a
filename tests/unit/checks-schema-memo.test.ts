// The memo of meta-validated schema sets (src/checks/schema-memo.ts) and what skipping the meta-schema
// validation still leaves checked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { metaValidationMemo } from '../../src/checks/schema-memo.ts';

const dir = mkdtempSync(join(tmpdir(), 'schema-memo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('metaValidationMemo', () => {
  it('knows a schema set only once it was remembered, and only those exact bytes', () => {
    const schemas = loadSchemas();
    const first = metaValidationMemo(schemas, dir);
    assert.equal(first.known, false);
    first.remember();
    assert.equal(metaValidationMemo(schemas, dir).known, true);
    const changed = structuredClone(schemas) as Record<string, unknown>[];
    changed[0]!.description = 'edited by hand';
    assert.equal(metaValidationMemo(changed, dir).known, false);
  });

  it('an unwritable cache directory only means validating again', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    // A directory under a regular file can be neither read nor created.
    const memo = metaValidationMemo(loadSchemas(), join(file, 'cache'));
    assert.equal(memo.known, false);
    assert.doesNotThrow(() => memo.remember());
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
