// The `npm run conformance` entry (src/cli/launch.mjs): the CLI as a cached bundle under plain Node,
// rebuilt when a source changes, with the same options, errors and exit codes as the TypeScript; the
// reporter and the worker module are bundled by the same build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';
import { suiteCacheDir } from '../../src/run/cache-dir.ts';

const LAUNCH = join(REPO_ROOT, 'src/cli/launch.mjs');
const CACHE = suiteCacheDir();
const INPUTS = join(CACHE, 'bundles.inputs.json');

/** The launcher with no cloud settings of this process (the embedded target is chosen). */
function launch(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_') && !k.startsWith('CONFORMANCE_') && !k.startsWith('REFERENCE_')));
  return spawnSync(process.execPath, [LAUNCH, ...args], { cwd: REPO_ROOT, env: { ...clean, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
}

function recordedInputs(): Record<string, [number, number]> {
  return (JSON.parse(readFileSync(INPUTS, 'utf8')) as { files: Record<string, [number, number]> }).files;
}

describe('npm run conformance: the launcher', () => {
  it('prints the usage and records what the bundles were built from', () => {
    const r = launch(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage:\n {2}npm run conformance/);
    const files = recordedInputs();
    for (const f of ['src/cli/conformance.ts', 'src/cli/args.ts', 'src/config/load.ts', 'src/catalog/load.ts', 'src/run/reporter.ts', 'src/run/worker.ts', 'src/checks/run-family.ts']) {
      assert.ok(files[f], `${f} not recorded`);
    }
    for (const bundle of ['conformance-cli.mjs', 'reporter.mjs', 'worker.mjs']) assert.ok(statSync(join(CACHE, bundle)).size > 0, bundle);
  });

  it('rebuilds when a source it was built from changes', () => {
    launch(['--help']);
    const file = join(REPO_ROOT, 'src/cli/args.ts');
    const { atime, mtimeMs } = statSync(file);
    // An earlier time than any the record holds for it, but a different one: only a rebuild records it.
    const moved = new Date(Math.floor(mtimeMs) - 5_000);
    utimesSync(file, atime, moved);
    const r = launch(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(recordedInputs()['src/cli/args.ts']![1], statSync(file).mtimeMs);
  });

  it('an unknown option or defect is exit 2 with the message, before anything runs', () => {
    const bad = launch(['--no-such-option']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /conformance: .*no-such-option/);
    const defect = launch([], { REFERENCE_DEFECT: 'no-such-defect' });
    assert.equal(defect.status, 2);
    assert.match(defect.stderr, /REFERENCE_DEFECT: unknown defect "no-such-defect"; valid defects: deployment-id-not-string/);
  });

  it('--print-config prints the resolved configuration as YAML', () => {
    const r = launch(['--print-config']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^target: embedded reference target$/m);
  });
});
