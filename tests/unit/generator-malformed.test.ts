import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { parseDecisions, UndecidedError } from '../../src/generator/decisions.ts';
import { extractOperation } from '../../src/generator/extract-operation.ts';
import { generate } from '../../src/generator/generate.ts';
import { outlinePage } from '../../src/generator/outline.ts';
import { PageError } from '../../src/generator/page-error.ts';

async function extract(doc: string) {
  return extractOperation(
    { doc, service: 'orchestration' },
    await outlinePage(doc, readFileSync(join(REPO_ROOT, doc), 'utf8')),
  );
}

describe('malformed pages', () => {
  const cases: { file: string; line: number; problem: RegExp }[] = [
    { file: 'unclosed-table.md', line: 29, problem: /table is not closed/ },
    { file: 'headerless-table.md', line: 13, problem: /no header row/ },
    { file: 'unknown-type-word.md', line: 17, problem: /unknown type word "UUIDish" for field "widget_id"/ },
    { file: 'duplicate-field.md', line: 18, problem: /duplicate field "widget_id" in one table \(first at line 17\)/ },
    { file: 'missing-uri-section.md', line: 1, problem: /no URI section/ },
    { file: 'uri-without-request-line.md', line: 7, problem: /URI section has no request line/ },
    { file: 'ragged-row.md', line: 17, problem: /row has 3 cells, its header has 4/ },
    { file: 'bad-mandatory-word.md', line: 17, problem: /Mandatory column says "Sometimes"/ },
    { file: 'dangling-reference.md', line: 33, problem: /points to the "part" description/ },
    { file: 'unreachable-response-table.md', line: 49, problem: /"gadget field description" is not reached/ },
    { file: 'no-success-code.md', line: 9, problem: /no success status code/ },
    { file: 'duplicate-status-code.md', line: 59, problem: /status code 401 is documented twice/ },
    { file: 'undescribed-path-param.md', line: 9, problem: /\{widget_id\} is not described/ },
    { file: 'unknown-table-kind.md', line: 23, problem: /first column is "Header"/ },
    { file: 'status-row-without-code.md', line: 59, problem: /does not start with a three-digit code/ },
    {
      file: 'action-without-key.md',
      line: 9,
      problem:
        /an action endpoint needs one action key in its request body \(the request example has none; the request table has os-start, os-stop\)/,
    },
    {
      file: 'unreachable-request-table.md',
      line: 34,
      problem: /request table "Parameters in the gadget field" is not reached from the request root/,
    },
    {
      file: 'dangling-table-number.md',
      line: 32,
      problem: /"widget" points to the "Table 9" description, which the page does not have/,
    },
    {
      file: 'unreadable-mandatory-condition.md',
      line: 17,
      problem: /Mandatory column says "Only sometimes, see notes"; expected Yes, No or "Mandatory for …"/,
    },
  ];
  for (const c of cases) {
    it(`${c.file} fails at line ${c.line}`, async () => {
      const doc = `fixtures/pages/${c.file}`;
      await assert.rejects(extract(doc), (e: unknown) => {
        assert.ok(e instanceof PageError, String(e));
        assert.equal(e.file, doc);
        assert.equal(e.line, c.line);
        assert.match(e.problem, c.problem);
        assert.equal(e.message, `${doc}:${c.line}: ${e.problem}`);
        return true;
      });
    });
  }

  it('every fixture page is covered by a case', () => {
    const files = readdirSync(join(REPO_ROOT, 'fixtures/pages'))
      .filter((f) => f.endsWith('.md') && f !== 'valid-minimal.md')
      .sort();
    assert.deepEqual(files, cases.map((c) => c.file).sort());
  });

  it('the well-formed fixture page generates a catalog', async () => {
    const { catalog } = await generate({
      root: REPO_ROOT,
      pages: [{ doc: 'fixtures/pages/valid-minimal.md', service: 'orchestration' }],
      decisionsFile: 'fixtures/pages/no-decisions.yaml',
    });
    const op = catalog.operations[0]!;
    assert.equal(op.path, '/v1/{project_id}/widgets/{widget_id}');
    assert.deepEqual(
      op.response.map((f) => f.path),
      ['widget', 'widget.id', 'widget.state', 'widget.created'],
    );
    assert.deepEqual(op.response[2]!.enum, ['ON_LINE', 'OFF', 'BROKEN']);
    assert.equal(op.response[3]!.timestamp?.documentedForm, 'CCYY-MM-DDThh:mm:ss±hh:mm');
    assert.ok(catalog.requirements.some((r) => r.id === 'widget-show.404-unknown-id.error-code'));
  });
});

describe('the generate command on a broken checkout', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'generator-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  for (const dir of ['specs', 'catalog', 'schemas', 'docs', 'scripts/upstream/OBSERVED.md'])
    cpSync(join(REPO_ROOT, dir), join(tmp, dir), { recursive: true });
  const outputs = [
    'catalog/catalog.yaml',
    ...readdirSync(join(tmp, 'catalog/openapi')).map((f) => `catalog/openapi/${f}`),
    'docs/operations.md',
    ...readdirSync(join(tmp, 'schemas')).map((f) => `schemas/${f}`),
  ];
  const snapshot = () =>
    outputs.map((rel) => [rel, readFileSync(join(tmp, rel), 'utf8'), statSync(join(tmp, rel)).mtimeMs] as const);
  const run = () =>
    spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'src/generator/cli.ts'), '--root', tmp],
      { encoding: 'utf8', timeout: 60_000 },
    );

  it('a malformed page gives one file:line error, exit 1, and leaves outputs untouched', () => {
    const before = snapshot();
    const page = 'specs/orchestration/querying-details-of-a-software-deployment.md';
    const original = readFileSync(join(tmp, page), 'utf8');
    // Line 93 holds the Type cell of the "action" row (line 89).
    const lines = original.split('\n');
    lines[92] = lines[92]!.replace('>String</p>', '>Strnig</p>');
    writeFileSync(join(tmp, page), lines.join('\n'));
    try {
      assert.notEqual(readFileSync(join(tmp, page), 'utf8'), original, 'the test page edit did not apply');
      const r = run();
      assert.equal(r.status, 1, r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(
        errors[0]!,
        /^specs\/orchestration\/querying-details-of-a-software-deployment\.md:89: unknown type word "Strnig" for field "action"/,
      );
      assert.deepEqual(snapshot(), before);
    } finally {
      writeFileSync(join(tmp, page), original);
    }
  });

  it('a contradiction without a decision stops generation and names it', () => {
    const before = snapshot();
    const file = join(tmp, 'specs/decisions.yaml');
    const original = readFileSync(file, 'utf8');
    const start = original.indexOf('  - id: backup-list-path-alias');
    const end = original.indexOf('  - id: ', start + 10);
    writeFileSync(file, original.slice(0, start) + original.slice(end));
    try {
      const r = run();
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /specs\/block-storage\/querying-summary-information-about-vbs-backups-\(native-openstack-v3-api\)\.md:136: uri-example-path: .*no decision in specs\/decisions\.yaml covers it/,
      );
      assert.deepEqual(snapshot(), before);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('an unchanged checkout regenerates without touching any file', () => {
    const before = snapshot();
    const r = run();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 file\(s\) changed/);
    assert.deepEqual(snapshot(), before);
  });
});

describe('decisions file', () => {
  const one = (extra: string) =>
    `decisions:\n  - id: x-y\n    title: T\n    decision: D\n    treatment: warn\n    evidence:\n      - { doc: specs/a.md, line: 1, quote: q }\n      - { doc: specs/a.md, line: 2, quote: r }\n    appliesTo:\n      - { operation: o, subject: s }\n${extra}`;
  const cases: { name: string; text: string; problem: RegExp; line: number }[] = [
    {
      name: 'bad treatment',
      text: one('').replace('treatment: warn', 'treatment: maybe'),
      problem: /treatment "maybe"/,
      line: 2,
    },
    {
      name: 'one-sided evidence',
      text: one('').replace('      - { doc: specs/a.md, line: 2, quote: r }\n', ''),
      problem: /at least two "evidence" entries/,
      line: 2,
    },
    {
      name: 'no appliesTo',
      text: one('').replace('    appliesTo:\n      - { operation: o, subject: s }\n', ''),
      problem: /needs "appliesTo"/,
      line: 2,
    },
    {
      name: 'duplicate id',
      text: one('') + one('').replace('decisions:\n', ''),
      problem: /duplicates the id first used at line 2/,
      line: 11,
    },
    { name: 'not YAML', text: 'decisions: [\n', problem: /./, line: 2 },
    { name: 'no list', text: 'decision: 1\n', problem: /top-level "decisions:" list/, line: 1 },
  ];
  for (const c of cases) {
    it(`${c.name} is refused at line ${c.line}`, () => {
      assert.throws(
        () => parseDecisions(c.text),
        (e: unknown) => {
          assert.ok(e instanceof PageError, String(e));
          assert.equal(e.file, 'specs/decisions.yaml');
          assert.equal(e.line, c.line);
          assert.match(e.problem, c.problem);
          return true;
        },
      );
    });
  }

  it('a misquoted evidence line is refused', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'decisions-'));
    try {
      cpSync(join(REPO_ROOT, 'specs'), join(tmp, 'specs'), { recursive: true });
      cpSync(join(REPO_ROOT, 'scripts/upstream/OBSERVED.md'), join(tmp, 'scripts/upstream/OBSERVED.md'));
      const file = join(tmp, 'specs/decisions.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'quote: "GET /v3/{project_id}/native/backups"',
          'quote: "GET /v3/{project_id}/nativ/backups"',
        ),
      );
      await assert.rejects(
        generate({ root: tmp }),
        /decision "backup-list-path-alias" quotes "GET \/v3\/\{project_id\}\/nativ\/backups" from specs\/block-storage\/querying-summary-information-about-vbs-backups-\(native-openstack-v3-api\)\.md:11/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('observed upstream evidence is checked: misquoted, or the record missing, is refused', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'decisions-'));
    try {
      cpSync(join(REPO_ROOT, 'specs'), join(tmp, 'specs'), { recursive: true });
      await assert.rejects(generate({ root: tmp }), /cites "scripts\/upstream\/OBSERVED\.md", which is missing/);
      cpSync(join(REPO_ROOT, 'scripts/upstream/OBSERVED.md'), join(tmp, 'scripts/upstream/OBSERVED.md'));
      const file = join(tmp, 'specs/decisions.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'C35 demo token, alt project in the path → **400**',
          'C35 demo token, alt project in the path → **403**',
        ),
      );
      await assert.rejects(
        generate({ root: tmp }),
        /decision "other-project-refused" quotes "C35 demo token, alt project in the path → \*\*403\*\*" from scripts\/upstream\/OBSERVED\.md:111/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('UndecidedError lists every uncovered detection', async () => {
    await assert.rejects(
      generate({ root: REPO_ROOT, decisionsFile: 'fixtures/pages/no-decisions.yaml' }),
      (e: unknown) =>
        e instanceof UndecidedError && e.lines.length > 20 && e.lines.some((l) => l.includes('example-timestamp-form')),
    );
  });
});
