// Decisions at the scale of a reference: patterns cover many pages; --draft proposes unreviewed
// decisions for what nothing covers; plain generate refuses; the repository holds none unreviewed.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadCatalog, REPO_ROOT } from '../../src/catalog/load.ts';
import { DRAFT_FILE, entryCovers, globMatch, parseDecisions, UndecidedError } from '../../src/generator/decisions.ts';
import { generate } from '../../src/generator/generate.ts';

describe('decision patterns', () => {
  it('an appliesTo entry matches by service, operation pattern and subject pattern', () => {
    assert.ok(
      entryCovers(
        { service: 'block-storage', operation: '*', subject: '*' },
        'volume-list',
        'block-storage',
        'volumes.links.href',
      ),
    );
    assert.ok(
      !entryCovers({ service: 'block-storage', operation: '*', subject: '*' }, 'image-list', 'image', 'status'),
    );
    assert.ok(
      entryCovers({ operation: 'volume-*', subject: '*.error' }, 'volume-show', 'block-storage', 'volume.error'),
    );
    assert.ok(
      !entryCovers({ operation: 'volume-*', subject: 'error' }, 'volume-show', 'block-storage', 'volume.error'),
    );
    assert.ok(globMatch('backup-list', 'backup-list') && !globMatch('backup-list', 'backup-list-v2'));
  });

  it('the catalog lists the concrete pairs a pattern covered', () => {
    const d = loadCatalog().decisions.find((x) => x.id === 'ws-volume-links-version')!;
    assert.deepEqual(d.appliesTo.map((a) => a.operation).sort(), [
      'backup-list',
      'volume-create',
      'volume-list',
      'volume-list-detail',
      'volume-show',
      'volume-update',
    ]);
    assert.ok(d.appliesTo.every((a) => a.subject.endsWith('links.href')));
  });

  it('every decision in the repository is reviewed, and no draft file is committed', () => {
    assert.ok(loadCatalog().decisions.every((d) => d.reviewed === true));
    assert.ok(!existsSync(join(REPO_ROOT, DRAFT_FILE)));
    for (const d of parseDecisions(readFileSync(join(REPO_ROOT, 'specs/decisions.yaml'), 'utf8')))
      assert.notEqual(d.reviewed, false, d.id);
  });
});

describe('generate --draft', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'generator-drafts-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, 'specs'), join(tmp, 'specs'), { recursive: true });
  cpSync(join(REPO_ROOT, 'scripts/upstream/OBSERVED.md'), join(tmp, 'scripts/upstream/OBSERVED.md'));
  // A reference where nobody decided yet that Cinder's volume examples link to /v2/.
  const text = readFileSync(join(tmp, 'specs/decisions.yaml'), 'utf8');
  const start = text.indexOf('  - id: ws-volume-links-version');
  const end = text.indexOf('  - id: ', start + 10);
  writeFileSync(join(tmp, 'specs/decisions.yaml'), text.slice(0, start) + text.slice(end));

  it('plain generate refuses the undecided contradiction and names where it is', async () => {
    await assert.rejects(generate({ root: tmp }), (e: unknown) => {
      assert.ok(e instanceof UndecidedError);
      assert.equal(e.lines.length, 5);
      assert.match(e.lines[0]!, /creating-evs-disks-cinder-v3\.md:\d+: example-link-version: .*no decision/);
      return true;
    });
  });

  it('--draft proposes one unreviewed decision (warn) for the kind and service, quoting the pages, and generates', async () => {
    const g = await generate({ root: tmp, draft: true });
    assert.equal(g.drafted.length, 1);
    const [d] = g.drafted;
    assert.equal(d!.id, 'draft-example-link-version-block-storage');
    assert.equal(d!.treatment, 'warn');
    assert.equal(d!.reviewed, false);
    assert.equal(d!.appliesTo.length, 5);
    const file = g.files.get(DRAFT_FILE)!;
    const parsed = parse(file) as { decisions: { id: string; reviewed: boolean; evidence: unknown[] }[] };
    assert.equal(parsed.decisions[0]!.reviewed, false);
    assert.ok(parsed.decisions[0]!.evidence.length >= 2);
    const inCatalog = g.catalog.decisions.find((x) => x.id === d!.id)!;
    assert.equal(inCatalog.reviewed, false);
    // Written, the draft file is read back by plain generate (still unreviewed), and its quotes are checked.
    writeFileSync(join(tmp, DRAFT_FILE), file);
    const again = await generate({ root: tmp });
    assert.equal(again.catalog.decisions.find((x) => x.id === d!.id)?.reviewed, false);
    rmSync(join(tmp, DRAFT_FILE));
  });
});
