// Runs the real suite (`npm run conformance`, i.e. the CLI's bundle dist/conformance.mjs) against a target
// given as admin_token configuration, in its own directories, with an outer kill timer, and collects
// everything it wrote and printed so the hostile tests can judge it. Each run gets a private
// Playwright config (the project's own, with an absolute testDir and its own outputDir) so runs can go
// side by side without sharing test-results/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface SuiteTarget {
  token: string;
  projectId: string;
  endpoints: { orchestration: string; image: string; 'block-storage': string };
}

export interface SuiteRunOptions {
  target: SuiteTarget;
  /** CONFORMANCE_* limits and any other variable (OS_CACERT, OS_INSECURE…). */
  env?: Record<string, string>;
  /** Outer kill timer (SIGKILL to the whole process group), generous: a test, not a benchmark. */
  killAfterMs: number;
  /** Send this signal to the CLI once `when()` holds (polled), e.g. once the target saw requests. */
  signal?: { name: 'SIGINT' | 'SIGTERM'; when: () => boolean };
  /** Extra CLI arguments (`--grep`, `--workers`). */
  args?: string[];
  /** Record a Playwright trace of every test (trace: 'on'), to scan it too. */
  trace?: boolean;
}

export interface SuiteRun {
  dir: string;
  reportDir: string;
  allureDir: string;
  outputDir: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  killed: boolean;
  elapsedMs: number;
  stdout: string;
  stderr: string;
  /** conformance.json parsed, when it was written and parses. */
  report?: ConformanceJson;
}

/** The parts of conformance.json the hostile tests read (the full shape is the report layer's). */
export interface ConformanceJson {
  verdict: string;
  complete?: boolean;
  incomplete?: boolean | { reason?: string };
  requirements: Array<{
    id: string;
    operation: string;
    family: string;
    level: string;
    verdict: string;
    reason?: string;
    failures?: Array<{ message: string; received?: string; documented?: string; reproduce?: string }>;
  }>;
  [key: string]: unknown;
}

function privateConfig(dir: string, outputDir: string, trace = false): string {
  const file = path.join(dir, 'playwright.config.ts');
  // ESM like the project, or Playwright loads the suite's .ts modules without its ESM hooks.
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  const base = path.join(ROOT, 'playwright.config.ts');
  writeFileSync(
    file,
    [
      `import base from ${JSON.stringify(base)};`,
      // Relative paths in the project's config are relative to the project, not to this file.
      `const abs = (p) => (typeof p === 'string' && p.startsWith('.') ? ${JSON.stringify(ROOT)} + '/' + p : p);`,
      'export default {',
      '  ...base,',
      '  reporter: Array.isArray(base.reporter) ? base.reporter.map(([name, opts]) => (opts === undefined ? [abs(name)] : [abs(name), opts])) : base.reporter,',
      `  testDir: ${JSON.stringify(path.join(ROOT, 'tests/conformance'))},`,
      `  outputDir: ${JSON.stringify(outputDir)},`,
      ...(trace ? ["  use: { ...(base.use ?? {}), trace: 'on' },"] : []),
      '};',
      '',
    ].join('\n'),
  );
  return file;
}

/** The environment of the run: only what it needs, never this process's OS_* or CONFORMANCE_*. */
function suiteEnv(
  target: SuiteTarget,
  dirs: { reportDir: string; allureDir: string; config: string },
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: path.dirname(dirs.reportDir),
    LANG: 'C.UTF-8',
    // No colours: the captured output is scanned and read by people.
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CI: '1',
    OS_AUTH_TYPE: 'admin_token',
    OS_TOKEN: target.token,
    OS_PROJECT_ID: target.projectId,
    OS_ORCHESTRATION_ENDPOINT_OVERRIDE: target.endpoints.orchestration,
    OS_IMAGE_ENDPOINT_OVERRIDE: target.endpoints.image,
    OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: target.endpoints['block-storage'],
    CONFORMANCE_REPORT_DIR: dirs.reportDir,
    CONFORMANCE_ALLURE_DIR: dirs.allureDir,
    CONFORMANCE_PLAYWRIGHT_CONFIG: dirs.config,
    // The run's cwd is a private empty directory (no stray .env), so the catalog is named outright.
    CONFORMANCE_CATALOG: path.join(ROOT, 'catalog/catalog.yaml'),
    ...extra,
  };
}

export async function runSuite(options: SuiteRunOptions): Promise<SuiteRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostile-run-'));
  const reportDir = path.join(dir, 'reports');
  const allureDir = path.join(dir, 'allure-results');
  const outputDir = path.join(dir, 'test-results');
  const work = path.join(dir, 'cwd');
  mkdirSync(work);
  const config = privateConfig(dir, outputDir, options.trace);
  const env = suiteEnv(options.target, { reportDir, allureDir, config }, options.env ?? {});
  const started = Date.now();
  // tsx straight from node_modules: what `npm run conformance` runs, minus npm's own process.
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/conformance.mjs'), ...(options.args ?? [])], {
    cwd: work,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  let killed = false;
  const killTimer = setTimeout(() => {
    killed = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, options.killAfterMs);
  const signalTimer = options.signal
    ? setInterval(() => {
        if (!options.signal!.when()) return;
        clearInterval(signalTimer);
        try {
          child.kill(options.signal!.name);
        } catch {
          // already gone
        }
      }, 100)
    : undefined;
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(killTimer);
  if (signalTimer) clearInterval(signalTimer);
  const run: SuiteRun = {
    dir,
    reportDir,
    allureDir,
    outputDir,
    code,
    signal,
    killed,
    elapsedMs: Date.now() - started,
    stdout,
    stderr,
  };
  try {
    run.report = JSON.parse(readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')) as ConformanceJson;
  } catch {
    // left undefined: the tests say the report is missing
  }
  return run;
}
