// Every malformed configuration under fixtures/config/malformed gives one ConfigError whose message
// names the key and/or file (and line) and quotes no secret; print-config exits 2 on each.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ConfigError, loadConfiguration } from '../../src/config/index.ts';
import { main } from '../../src/config/print-config.ts';

const ROOT = resolve(import.meta.dirname, '../../fixtures/config/malformed');
const TSX = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
const PRINT_CONFIG = resolve(import.meta.dirname, '../../src/config/print-config.ts');

interface Case {
  name: string;
  dir: string;
  description: string;
  env: Record<string, string>;
  want: { key?: string; file?: string; line?: number; message: string };
  secrets: string[];
}

const cases: Case[] = readdirSync(ROOT)
  .sort()
  .map((name) => {
    const dir = join(ROOT, name);
    const data = parse(readFileSync(join(dir, 'case.yaml'), 'utf8')) as Omit<Case, 'name' | 'dir'>;
    return {
      name,
      dir,
      description: data.description,
      env: data.env ?? {},
      want: data.want,
      secrets: (data.secrets ?? []).map(String),
    };
  });

function load(c: Case): unknown {
  return loadConfiguration({ env: c.env, cwd: c.dir, home: c.dir, etcDir: join(c.dir, 'no-etc') });
}

describe('malformed configurations', () => {
  it('there are at least 15 of them', () => {
    assert.ok(cases.length >= 15, `only ${cases.length} cases`);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.description}`, () => {
      let error: unknown;
      try {
        load(c);
      } catch (e) {
        error = e;
      }
      assert.ok(
        error instanceof ConfigError,
        `expected a ConfigError, got ${error === undefined ? 'no error' : String(error)}`,
      );
      const e = error as ConfigError;
      if (c.want.key !== undefined) assert.equal(e.key, c.want.key);
      if (c.want.file !== undefined) assert.equal(e.file, resolve(c.dir, c.want.file));
      if (c.want.line !== undefined) assert.equal(e.line, c.want.line);
      assert.ok(e.key !== undefined || e.file !== undefined, 'names neither a key nor a file');
      assert.ok(e.message.includes(c.want.message), `message "${e.message}" lacks "${c.want.message}"`);
      if (e.key) assert.ok(e.message.includes(e.key), 'message does not name the key');
      if (e.file) assert.ok(e.message.includes(e.file), 'message does not name the file');
      assert.ok(!e.message.includes('\n'), 'message spans several lines');
      for (const s of c.secrets) assert.ok(!e.message.includes(s), `message quotes the secret ${s}`);
    });
  }
});

function printConfig(c: Case): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [PRINT_CONFIG], {
      cwd: c.dir,
      env: { PATH: process.env.PATH ?? '', HOME: c.dir, ...c.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function checkOutput(c: Case, r: { code: number | null; stdout: string; stderr: string }): string[] {
  const failures: string[] = [];
  const lines = r.stderr.trim().split('\n');
  if (r.code !== 2) failures.push(`${c.name}: exit ${r.code} (${r.stderr.trim()})`);
  else if (lines.length !== 1 || !lines[0]!.includes(c.want.message))
    failures.push(`${c.name}: stderr ${JSON.stringify(r.stderr)}`);
  else if (r.stdout !== '') failures.push(`${c.name}: wrote to stdout`);
  for (const s of c.secrets) if ((r.stdout + r.stderr).includes(s)) failures.push(`${c.name}: output quotes ${s}`);
  return failures;
}

describe('print-config on malformed configurations', () => {
  for (const c of cases) {
    it(`${c.name}: exit 2, one line on stderr, nothing on stdout, no secret`, () => {
      let stdout = '';
      let stderr = '';
      const code = main([], {
        load: { env: c.env, cwd: c.dir, home: c.dir, etcDir: join(c.dir, 'no-etc') },
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
      });
      assert.deepEqual(checkOutput(c, { code, stdout, stderr }), []);
    });
  }

  // The real process too, for a sample (each spawn costs a TypeScript start-up).
  const sample = cases.filter((c) => /^(01|02|06|12|13|22)-/.test(c.name));
  it(`as a process: ${sample.map((c) => c.name.slice(0, 2)).join(', ')} exit 2`, { timeout: 120_000 }, async () => {
    const results = await Promise.all(sample.map(async (c) => checkOutput(c, await printConfig(c))));
    assert.deepEqual(results.flat(), []);
  });
});
