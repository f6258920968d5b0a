// Rules of ARCHITECTURE.md that no import graph shows (dependency-cruiser checks the import
// directions, in npm test): only the configuration layer reads the environment.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../src/catalog/load.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Lines of code that name process.env, comments left out. */
function envReaders(text: string): number[] {
  return text
    .split('\n')
    .map((line, i) => [line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, ''), i + 1] as const)
    .filter(([code]) => /\bprocess\.env\b/.test(code))
    .map(([, n]) => n);
}

describe('architecture', () => {
  it('finds process.env in code and not in comments', () => {
    assert.deepEqual(envReaders('// process.env here\n * process.env there\nconst a = process.env.X;'), [3]);
  });

  it('only src/config reads process.env (the suite, the Playwright config and the spec files)', () => {
    const files = [
      ...sources(join(REPO_ROOT, 'src')),
      ...sources(join(REPO_ROOT, 'tests/conformance')),
      join(REPO_ROOT, 'playwright.config.ts'),
    ];
    const readers = files
      .filter((f) => !relative(REPO_ROOT, f).startsWith('src/config/'))
      .flatMap((f) => envReaders(readFileSync(f, 'utf8')).map((line) => `${relative(REPO_ROOT, f)}:${line}`));
    assert.deepEqual(readers, []);
  });
});
