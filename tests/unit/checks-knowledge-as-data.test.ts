// Knowledge as data: what is special to one operation lives in the catalog or in a reviewed decision,
// never in the checks. No operation id and no collection name of a URI appears in src/checks or
// src/plans outside comments, for the catalog's operations and the whole reference family's.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadCatalog } from '../../src/catalog/load.ts';
import { resourceSegments } from '../../src/plans/resources.ts';
import { FAMILY } from '../support/family-operations.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The resource model's own vocabulary of roles, which a path may also spell (`…/action`). */
const ROLES = new Set(['list', 'create', 'show', 'update', 'delete', 'action', 'read']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The code without its comments (line and block), so an example in a comment is allowed. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const catalog = loadCatalog();
const operations = [...catalog.operations, ...FAMILY];
const ids = catalog.operations.map((o) => o.id);
const collections = [
  ...new Set(operations.flatMap((o) => resourceSegments(o.path).filter((s) => !s.startsWith('{') && s.length > 4))),
];

test('no operation id or URI collection name in the checks or the plans', () => {
  const found: string[] = [];
  for (const file of [...sources(path.join(ROOT, 'src/checks')), ...sources(path.join(ROOT, 'src/plans'))]) {
    const text = code(readFileSync(file, 'utf8'));
    for (const word of [...ids, ...collections.filter((c) => !ROLES.has(c))]) {
      if (new RegExp(`['"\`/]${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`/]`).test(text))
        found.push(`${path.relative(ROOT, file)}: ${word}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the rule can fail: a literal path segment is found', () => {
  const text = code("const p = '/v1/{project_id}/software_deployments'; // software_deployments in a comment");
  assert.ok(/['"`/]software_deployments['"`/]/.test(text));
  assert.ok(!/['"`/]stacks['"`/]/.test(code('// see /stacks/ here')));
});
