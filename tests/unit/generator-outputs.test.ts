import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validate, compileErrors } from '@readme/openapi-parser';
import { parse } from 'yaml';
import { loadCatalog, loadSchemas, registerSchemaVocabulary, REPO_ROOT, SCHEMA_KEYWORDS } from '../../src/catalog/load.ts';
import type { Catalog } from '../../src/catalog/model.ts';
import { generate, type Generated } from '../../src/generator/generate.ts';

// ajv-formats ships CommonJS; under ESM the plugin is either the default export or the module itself.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => void;

let generated: Generated;
before(async () => {
  generated = await generate({ root: REPO_ROOT });
});

describe('committed outputs', () => {
  it('regenerating leaves every committed output byte-identical', () => {
    for (const [rel, content] of generated.files) {
      const abs = join(REPO_ROOT, rel);
      assert.ok(existsSync(abs), `${rel} is not committed; run npm run generate`);
      assert.equal(readFileSync(abs, 'utf8'), content, `${rel} differs from what npm run generate produces`);
    }
  });

  it('schemas/ holds exactly the generated schema files', () => {
    const onDisk = readdirSync(join(REPO_ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).map((f) => `schemas/${f}`).sort();
    const wanted = [...generated.files.keys()].filter((f) => f.startsWith('schemas/')).sort();
    assert.deepEqual(onDisk, wanted);
  });

  it('generating twice gives the same bytes', async () => {
    const again = await generate({ root: REPO_ROOT });
    assert.deepEqual([...again.files.entries()], [...generated.files.entries()]);
  });

  it('the loader reads back the catalog the generator built', () => {
    const loaded: Catalog = loadCatalog();
    assert.deepEqual(JSON.parse(JSON.stringify(loaded)), JSON.parse(JSON.stringify(generated.catalog)));
  });
});

describe('catalog', () => {
  it('has the five operations with their stable ids', () => {
    assert.deepEqual(loadCatalog().operations.map((o) => o.id), [
      'software-deployment-create', 'software-deployment-show', 'software-deployment-update', 'image-list-detail', 'backup-list',
    ]);
  });

  it('requirement ids are unique and kebab-case segments joined by dots', () => {
    const ids = loadCatalog().requirements.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/, id);
  });

  it('every field, status code and requirement cites doc, table, row and a line of that doc', () => {
    const c = loadCatalog();
    const lines = new Map<string, number>();
    const check = (s: { doc: string; table: string; row: string; line: number }, what: string) => {
      if (!lines.has(s.doc)) lines.set(s.doc, readFileSync(join(REPO_ROOT, s.doc), 'utf8').split('\n').length);
      assert.ok(s.table && s.row, `${what}: empty table or row`);
      assert.ok(s.line >= 1 && s.line <= lines.get(s.doc)!, `${what}: line ${s.line} outside ${s.doc}`);
    };
    for (const op of c.operations) {
      for (const f of [...op.pathParams, ...op.queryParams, ...op.requestBody, ...op.response]) check(f.source, `${op.id} ${f.path}`);
      for (const s of op.statusCodes) check(s.source, `${op.id} ${s.code}`);
    }
    for (const r of c.requirements) check(r.source, r.id);
  });

  it('extracts the nested response paths', () => {
    const paths = (id: string) => loadCatalog().operations.find((o) => o.id === id)!.response.map((f) => f.path);
    for (const p of ['backups[].id', 'backups[].links[].href', 'backups[].links[].rel', 'backups_links[].href', 'backups_links[].rel', 'count']) assert.ok(paths('backup-list').includes(p), p);
    for (const p of ['software_deployment.status', 'software_deployment.updated_time']) assert.ok(paths('software-deployment-show').includes(p), p);
    assert.ok(paths('image-list-detail').includes('images[].checksum'));
  });

  it('records pagination, microversions and examples', () => {
    const backup = loadCatalog().operations.find((o) => o.id === 'backup-list')!;
    assert.deepEqual({ ...backup.pagination, source: undefined }, { linksField: 'backups_links', rel: 'next', params: ['limit', 'offset', 'marker'], source: undefined });
    assert.equal(backup.microversions[0]?.version, '3.45');
    assert.equal(backup.queryParams.find((q) => q.name === 'with_count')?.sinceMicroversion, '3.45');
    assert.equal(backup.examplePath, '/v3/{project_id}/backups');
    assert.deepEqual(backup.alternatePaths, ['/v3/{project_id}/backups']);
    const image = loadCatalog().operations.find((o) => o.id === 'image-list-detail')!;
    assert.equal(image.examples.find((e) => e.body)?.headers?.['X-Openstack-Request-Id'], 'req-68327dda-8078-41fe-b091-01a09ec073da');
  });

  it('every decision has evidence on both sides and a known treatment', () => {
    for (const d of loadCatalog().decisions) {
      assert.ok(d.evidence.length >= 2, d.id);
      assert.ok(['fail', 'warn', 'accept-either'].includes(d.treatment), d.id);
    }
  });
});

describe('JSON Schemas', () => {
  it('every schema compiles once on one strict Ajv2020 instance', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    registerSchemaVocabulary(ajv);
    const schemas = loadSchemas();
    assert.equal(schemas.length, 7);
    for (const s of schemas) ajv.addSchema(s);
    for (const s of schemas) assert.equal(typeof ajv.getSchema(s.$id), 'function', s.$id);
  });

  it('a strict Ajv without the vocabulary refuses the schemas (the keywords are real)', () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats(ajv);
    assert.throws(() => ajv.compile(loadSchemas()[0]!), /unknown keyword|unknown format/);
  });

  it('every property schema carries x-source and only known x- keywords', () => {
    const known = new Set<string>(SCHEMA_KEYWORDS);
    const visit = (schema: Record<string, unknown>, where: string) => {
      for (const k of Object.keys(schema)) if (k.startsWith('x-')) assert.ok(known.has(k), `${where}: unknown keyword ${k}`);
      const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, p] of Object.entries(props ?? {})) {
        const src = p['x-source'] as Record<string, unknown> | undefined;
        assert.ok(src && typeof src.doc === 'string' && typeof src.table === 'string' && typeof src.row === 'string' && typeof src.line === 'number', `${where}.${name} has no complete x-source`);
        visit(p, `${where}.${name}`);
      }
      if (schema.items && typeof schema.items === 'object') visit(schema.items as Record<string, unknown>, `${where}[]`);
    };
    for (const s of loadSchemas()) visit(s, s.$id);
  });

  it('the page examples validate against their response schemas, and a wrong type fails', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    registerSchemaVocabulary(ajv);
    for (const s of loadSchemas()) ajv.addSchema(s);
    for (const op of loadCatalog().operations) {
      const ex = op.examples.find((e) => e.kind === 'response' && e.body !== undefined);
      if (!ex || !op.schemas.response) continue;
      const v = ajv.getSchema(op.schemas.response)!;
      assert.ok(v(ex.body), `${op.id}: ${JSON.stringify(v.errors)}`);
    }
    const show = ajv.getSchema('https://cloud-api-conformance.local/schemas/software-deployment-show.response.json')!;
    assert.equal(show({ software_deployment: [] }), false);
    assert.equal(show({ software_deployment: { action: 'CREATE', config_id: 'c', creation_time: 'yesterday', id: 'i', input_values: null, output_values: null, server_id: 's', status: 'COMPLETE', status_reason: '' } }), false);
  });
});

describe('OpenAPI', () => {
  it('catalog/openapi.yaml validates with @readme/openapi-parser', async () => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'catalog/openapi.yaml'), 'utf8'));
    const result = await validate(doc, { resolve: { external: false } });
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.deepEqual(Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId)).sort(), [
      'backup-list', 'image-list-detail', 'software-deployment-create', 'software-deployment-show', 'software-deployment-update',
    ]);
  });

  it('the validator rejects a document whose parameter lacks "in"', async () => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'catalog/openapi.yaml'), 'utf8'));
    delete doc.paths['/v1.1/images/detail'].get.parameters[0].in;
    const result = await validate(doc, { resolve: { external: false } });
    assert.equal(result.valid, false);
  });
});
