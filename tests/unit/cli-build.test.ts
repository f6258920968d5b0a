// `npm run conformance` runs the CLI's bundle (dist/conformance.mjs, from `npm run build`) under plain
// Node, with the same options, errors and exit codes as the TypeScript; bundles older than their
// sources are refused, never run. Nothing here touches the checkout: staleness is shown on a copy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { bundlePath, staleBuild } from '../../src/run/build.ts';

/** The built CLI with no cloud settings of this process (the embedded target is chosen). */
function conformance(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('OS_') && !k.startsWith('CONFORMANCE_') && !k.startsWith('REFERENCE_'),
    ),
  );
  return spawnSync(process.execPath, [bundlePath('conformance'), ...args], {
    cwd: REPO_ROOT,
    env: { ...clean, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the build: which sources dist/ was made from', () => {
  const roots: string[] = [];
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('records every source of every bundle', () => {
    const files = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'dist/inputs.json'), 'utf8')) as { files: Record<string, unknown> }
    ).files;
    for (const f of [
      'src/cli/main.ts',
      'src/cli/conformance.ts',
      'src/config/load.ts',
      'src/catalog/load.ts',
      'src/run/reporter.ts',
      'src/run/worker.ts',
      'src/checks/run-family.ts',
      'src/target/server.ts',
    ]) {
      assert.ok(files[f], `${f} not recorded`);
    }
    assert.equal(staleBuild(), undefined, 'dist/ is older than the sources: run npm run build');
  });

  it('a copy: fresh, still fresh when only a time changes, stale when a content changes, and unbuilt', () => {
    const root = mkdtempSync(join(tmpdir(), 'cac-build-'));
    roots.push(root);
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'dist'));
    const file = join(root, 'src/a.ts');
    writeFileSync(file, 'export const a = 1;\n');
    const s = statSync(file);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    writeFileSync(
      join(root, 'dist/inputs.json'),
      JSON.stringify({ files: { 'src/a.ts': { size: s.size, mtimeMs: s.mtimeMs, sha256 } } }),
    );
    assert.equal(staleBuild(root), undefined);
    utimesSync(file, s.atime, new Date(s.mtimeMs - 5_000));
    assert.equal(staleBuild(root), undefined);
    writeFileSync(file, 'export const a = 2;\n');
    assert.match(staleBuild(root) ?? '', /^src\/a\.ts changed since dist\/ was built; run npm run build$/);
    rmSync(join(root, 'dist'), { recursive: true });
    assert.match(staleBuild(root) ?? '', /run npm run build/);
  });
});

describe('npm run conformance: the built CLI', () => {
  it('prints the usage', () => {
    const r = conformance(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage:\n {2}npm run conformance/);
  });

  it('an unknown option or defect is exit 2 with the message, before anything runs', () => {
    const bad = conformance(['--no-such-option']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /conformance: .*no-such-option/);
    const defect = conformance([], { REFERENCE_DEFECT: 'no-such-defect' });
    assert.equal(defect.status, 2);
    assert.match(
      defect.stderr,
      /REFERENCE_DEFECT: unknown defect "no-such-defect"; valid defects: deployment-id-not-string/,
    );
  });

  it('--print-config prints the resolved configuration as YAML', () => {
    const r = conformance(['--print-config']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^target: embedded reference target$/m);
  });
});
