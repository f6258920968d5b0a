// The mutation matrix: the checks run against the embedded reference target clean, with every variant
// (a legal choice) and with every defect. Clean: no fail, no warn. Variant: no MUST failure, and a
// SHOULD failure only where the variant deliberately departs from an upstream habit (listed below).
// A variant runs over every operation. A named defect of a service module runs over the operations it
// applies to and must make a requirement of its family depart there. A generic defect is confined to
// each operation it applies to in turn (`NAME@operation-id`), and that operation alone is checked
// (its request plan still obtains what it needs through the catalog's other operations): a requirement
// of that operation, of the defect's family, must depart, unless the pair is listed out of reach with
// the reason. A departure counts only beyond what the clean run itself shows.
// The in-process engine (src/run/engine.ts) makes the matrix fast; a sample of the same runs goes
// through the real `npm run conformance` (Playwright, reporter, exit code, reports/conformance.json)
// to prove that path. The matrix is docs/mutation-matrix.md; this test regenerates it and fails when
// the committed file differs (`tsx tests/integration/mutation-matrix.test.ts --write` updates it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Family } from '../../src/catalog/model.ts';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { SchemaRegistry } from '../../src/checks/ajv.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import type { RequirementResult } from '../../src/results/model.ts';
import { runCatalog } from '../../src/run/engine.ts';
import { operationTitle } from '../../src/run/titles.ts';
import { DEFECTS as ALL_DEFECTS } from '../../src/target/defects.ts';
import { buildRoutes } from '../../src/target/core/routes.ts';
import { operationsFor } from '../../src/target/switches.ts';
import { startReferenceTarget } from '../../src/target/server.ts';
import { VARIANTS } from '../../src/target/variants.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(ROOT, 'docs/mutation-matrix.md');

/**
 * Where a defect applies but no requirement of the catalog can see it, and why: `NAME` for every
 * operation it applies to, `NAME@operation-id` for one. The test fails if one of them is caught or
 * another is missed.
 */
const NO_SHOW_AFTER =
  'the page documents no response object for it, and update-applied is stated only for a PUT answering an enveloped body: no requirement says what a later show must reflect';
const OUT_OF_REACH: Record<string, string> = {
  'create-not-persisted@image-create':
    'image-create answers a flat body (no envelope object); create-persisted is stated only for an enveloped answer',
  'update-not-applied@image-patch':
    'image-patch answers a flat body to a JSON-patch request; update-applied is stated only for a PUT answering an enveloped body',
  'id-changes-on-update@image-patch':
    'image-patch answers a flat body to a JSON-patch request; update-applied is stated only for a PUT answering an enveloped body',
  'update-not-applied@image-file-replace': NO_SHOW_AFTER,
  'update-not-applied@stack-cancel-update': NO_SHOW_AFTER,
  'update-not-applied@stack-check': NO_SHOW_AFTER,
  'update-not-applied@stack-update': NO_SHOW_AFTER,
  'id-changes-on-update@stack-update': NO_SHOW_AFTER,
  'update-not-applied@volume-extend':
    'it answers 202 Accepted: the extension is carried out later (upstream Cinder keeps the volume `extending` with its old size until a volume service finishes), and its request field new_size names no field of the volume; no requirement states when or how a show reflects it',
  'update-not-applied@volume-update-readonly-flag':
    'it answers 202 Accepted, and its request field readonly names no field the volume show documents (upstream keeps the flag in admin metadata): nothing the pages let the suite compare after the action',
  'update-not-applied@volume-upload-image':
    'its effect is an image of the Image service, made later (202; upstream the volume stays `uploading` and the image `queued`); the request names no field of the volume',
  'update-not-applied@stack-resource-signal':
    "the page documents no request body and no response body: a signal's effect is whatever the resource does with it, nothing the pages let the suite read back (upstream answers 400 for a resource without a signal handler)",
  'update-not-applied@volume-transfer-accept':
    'accepting a transfer hands the volume to the accepting project; its create-persisted requirement compares the answer with what was sent, and none states what accepting changes',
  // Caught before only when a write ran beside the walk and changed the list under it (7 images paged
  // against 6 in one page): a run that keeps the order of a sequential one never shows that.
  ...Object.fromEntries(
    ['next-link-missing', 'next-link-loop', 'next-link-skips', 'next-link-other-host'].map((d) => [
      `${d}@image-list`,
      "image-list's one pagination requirement pages by limit and marker and compares with one large page; no requirement of the list states its next link, so a wrong one departs from nothing",
    ]),
  ),
  ...Object.fromEntries(
    ['image-create', 'image-show', 'image-patch'].map((op) => [
      `enum-outside@${op}`,
      'the body is flat and its top-level enum fields have no enum-response requirement yet: the image pages disagree on their values across operations (__os_type "other" on create, "Other" on show), which wants a decision first',
    ]),
  ),
};

/**
 * Variants that deliberately depart from an upstream habit the catalog checks at SHOULD, and so may
 * fail that SHOULD (never a MUST). Any other variant must fail nothing.
 */
const VARIANT_SHOULD_DEPARTURES: Record<string, string> = {};

const catalog = loadCatalog();
/** One registry for every run: each schema is compiled once. */
const schemas = new SchemaRegistry(loadSchemas());
const ROUTES = buildRoutes(catalog);
const isGeneric = (d: (typeof ALL_DEFECTS)[number]) => 'generic' in d;
const NAMED = ALL_DEFECTS.filter((d) => !isGeneric(d));
const GENERIC = ALL_DEFECTS.filter(isGeneric);
/** Every operation each defect applies to, from the catalog (the target's own rule). */
const APPLIES = new Map(ALL_DEFECTS.map((d) => [d.name, operationsFor(d.name, ROUTES)] as const));
/** One run per generic defect and operation it applies to. */
const PAIRS = GENERIC.flatMap((d) => APPLIES.get(d.name)!.map((op) => ({ name: d.name, family: d.family, op })));
const outOfReach = (name: string, op?: string) =>
  (op !== undefined ? OUT_OF_REACH[`${name}@${op}`] : undefined) ?? OUT_OF_REACH[name];

async function run(opts: { defect?: string; variant?: string; operations?: string[] }): Promise<RequirementResult[]> {
  const { operations, ...switches } = opts;
  const target = await startReferenceTarget({ port: 0, catalog, ...switches });
  try {
    const session = await connect(loadConfiguration({ env: {}, dotenv: false }), {
      embedded: target.login,
    });
    const { results } = await runCatalog(
      catalog,
      schemas,
      session,
      operations ? { operations: new Set(operations) } : {},
    );
    return results;
  } finally {
    await target.close();
  }
}

/** Runs `fn` over `items` `width` at a time, keeping their order. */
async function pool<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, width = 2): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

const departs = (r: RequirementResult) => r.verdict === 'fail' || r.verdict === 'warn';
/** Requirements departing in the clean run (none once the clean target conforms). */
let cleanDepartures: Set<string> | undefined;
const departing = (results: RequirementResult[]) =>
  results.filter((r) => departs(r) && !cleanDepartures?.has(r.requirementId));

type Caught = 'MUST' | 'SHOULD' | 'warn' | 'uncaught';

function caughtAt(hits: RequirementResult[]): Caught {
  if (hits.some((r) => r.verdict === 'fail' && r.level === 'MUST')) return 'MUST';
  if (hits.some((r) => r.verdict === 'fail')) return 'SHOULD';
  if (hits.length > 0) return 'warn';
  return 'uncaught';
}

const cell = (hits: RequirementResult[]) =>
  hits.map((r) => `${r.verdict} ${r.level} \`${r.requirementId}\``).join('<br>');

interface Row {
  name: string;
  family: Family;
  hits: RequirementResult[];
  /** Generic defects: per operation it applies to, what departed there with the defect confined to it. */
  perOp?: Map<string, RequirementResult[]>;
}

/** A generic defect's cell: the operations where it was caught and those where it was not. */
function genericCell(r: Row): string {
  const ops = [...r.perOp!.keys()];
  const missed = ops.filter((op) => r.perOp!.get(op)!.length === 0);
  const levels = (['MUST', 'SHOULD', 'warn'] as const)
    .map((l) => [l, ops.filter((op) => caughtAt(r.perOp!.get(op)!) === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${l} on ${n}`);
  const parts = [
    `caught on ${ops.length - missed.length} of ${ops.length} operations (${levels.join(', ') || 'none'})`,
  ];
  if (missed.length)
    parts.push(`not caught on ${missed.map((op) => `${op} (${outOfReach(r.name, op) ?? 'MISSED'})`).join(', ')}`);
  return parts.join('; ');
}

function renderDoc(rows: Row[], variants: { name: string; hits: RequirementResult[] }[]): string {
  const counts: Record<Caught, number> = { MUST: 0, SHOULD: 0, warn: 0, uncaught: 0 };
  const named = rows.filter((r) => !r.perOp);
  const generic = rows.filter((r) => r.perOp);
  for (const r of named) counts[caughtAt(r.hits)]++;
  const pairCounts: Record<Caught, number> = { MUST: 0, SHOULD: 0, warn: 0, uncaught: 0 };
  for (const r of generic) for (const hits of r.perOp!.values()) pairCounts[caughtAt(hits)]++;
  const pairs = generic.reduce((n, r) => n + r.perOp!.size, 0);
  const lines = [
    '# Mutation matrix',
    '',
    'Generated by `tests/integration/mutation-matrix.test.ts` (do not edit): each defect switch of the embedded',
    'reference target, and the requirements of its family that depart from the pages with it on. `fail` fails the',
    'requirement at its level (a SHOULD failure makes the run non-conforming only under `--gate should`); `warn`',
    'is a departure on a point specs/decisions.yaml marks ambiguous or a legal upstream choice. The clean target',
    'departs from nothing; every variant runs over every operation and is listed below with what it departs from',
    '(never a MUST).',
    '',
    'A named defect runs over the operations it applies to. A generic defect runs once per operation it applies to,',
    'confined there (`--defect NAME@operation-id`) with only that operation checked: it counts as caught on the',
    'operation when a requirement of that operation and of its family departs.',
    '',
    `Named defects: ${named.length} · caught by a MUST failure ${counts.MUST} · by a SHOULD failure only ${counts.SHOULD} · ` +
      `by a warning only ${counts.warn} · not caught ${counts.uncaught}.`,
    '',
    `Generic defects: ${generic.length}, on ${pairs} (defect, operation) pairs · caught by a MUST failure ${pairCounts.MUST} · ` +
      `by a SHOULD failure only ${pairCounts.SHOULD} · by a warning only ${pairCounts.warn} · not caught ${pairCounts.uncaught}.`,
    '',
    '## Named defects',
    '',
    '| defect | family | caught at | departing requirements |',
    '| --- | --- | --- | --- |',
  ];
  for (const { name, family, hits } of named) {
    lines.push(
      `| ${name} | ${family} | ${caughtAt(hits)} | ${hits.length ? cell(hits) : `not caught: ${outOfReach(name) ?? 'MISSED'}`} |`,
    );
  }
  lines.push('', '## Generic defects', '', '| defect | family | caught at | where |', '| --- | --- | --- | --- |');
  for (const r of generic) lines.push(`| ${r.name} | ${r.family} | ${caughtAt(r.hits)} | ${genericCell(r)} |`);
  const families = [...new Set(generic.map((r) => r.family))];
  lines.push(
    '',
    '## Generic defects per operation and family',
    '',
    'Each cell: generic defects of the family caught by a requirement of that operation (the defect confined to it) /',
    'generic defects of the family that apply to it (what the catalog documents for it fits the defect); the defects',
    'that apply there and are not caught on it follow.',
    '',
    `| operation | ${families.join(' | ')} | not caught on it |`,
    `| --- | ${families.map(() => '---').join(' | ')} | --- |`,
  );
  for (const op of catalog.operations) {
    const missed: string[] = [];
    const cells = families.map((f) => {
      const applying = generic.filter((r) => r.family === f && r.perOp!.has(op.id));
      const caught = applying.filter((r) => r.perOp!.get(op.id)!.length > 0);
      missed.push(...applying.filter((r) => !caught.includes(r)).map((r) => r.name));
      return applying.length ? `${caught.length}/${applying.length}` : '';
    });
    lines.push(`| ${op.id} | ${cells.join(' | ')} | ${missed.join(', ')} |`);
  }
  lines.push(
    '',
    '## Variants',
    '',
    'Legal choices of the reference target, each run over every operation. A SHOULD failure is allowed only for a',
    'variant that deliberately departs from an upstream habit (none at present); warnings cite the decision that',
    'makes the choice legal.',
    '',
    '| variant | departs from |',
    '| --- | --- |',
  );
  for (const { name, hits } of variants) {
    const why = VARIANT_SHOULD_DEPARTURES[name];
    lines.push(`| ${name} | ${hits.length ? cell(hits) + (why ? `<br>(${why})` : '') : 'nothing'} |`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- the real CLI

interface CliReport {
  verdict: string;
  gate: { level: string; passed: boolean };
  requirements: {
    id: string;
    operation: string;
    family: string;
    level: string;
    verdict: string;
    decision?: string;
    reason?: string;
  }[];
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  report?: CliReport;
}

interface CliCase {
  name: string;
  env?: Record<string, string>;
  args?: string[];
}

/** The project's Playwright config with a private output directory, so runs can go side by side. */
function privateConfig(dir: string): string {
  const file = path.join(dir, 'playwright.config.ts');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    file,
    [
      `import base from ${JSON.stringify(path.join(ROOT, 'playwright.config.ts'))};`,
      `const abs = (p) => (typeof p === 'string' && p.startsWith('.') ? ${JSON.stringify(ROOT)} + '/' + p : p);`,
      'export default {',
      '  ...base,',
      '  reporter: base.reporter.map(([name, opts]) => (opts === undefined ? [abs(name)] : [abs(name), opts])),',
      `  testDir: ${JSON.stringify(path.join(ROOT, 'tests/conformance'))},`,
      `  globalSetup: ${JSON.stringify(path.join(ROOT, 'src/run/global-setup.ts'))},`,
      `  outputDir: ${JSON.stringify(path.join(dir, 'test-results'))},`,
      '};',
      '',
    ].join('\n'),
  );
  return file;
}

/** `npm run conformance` as a user types it, with its own report directories and nothing of this process's cloud settings. */
async function conformanceCli(c: CliCase): Promise<CliRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'matrix-cli-'));
  mkdirSync(path.join(dir, 'reports'));
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OS_|CONFORMANCE_|REFERENCE_|NODE_TEST|NODE_OPTIONS)/.test(k)),
  );
  Object.assign(env, {
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CONFORMANCE_REPORT_DIR: path.join(dir, 'reports'),
    CONFORMANCE_ALLURE_DIR: path.join(dir, 'allure-results'),
    CONFORMANCE_PLAYWRIGHT_CONFIG: privateConfig(dir),
    ...c.env,
  });
  const started = Date.now();
  const child = spawn('npm', ['run', '--silent', 'conformance', '--', ...(c.args ?? [])], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  // A bound, not a benchmark: a run takes well under a minute here.
  const kill = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 4 * 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (n) => resolve(n)));
  clearTimeout(kill);
  const out: CliRun = { code, stdout, stderr, ms: Date.now() - started };
  try {
    out.report = JSON.parse(readFileSync(path.join(dir, 'reports/conformance.json'), 'utf8')) as CliReport;
  } catch {
    // left undefined; the assertions say the report is missing
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/** One defect per family through the CLI, and the level its catch is expected at. */
const CLI_DEFECTS: { family: Family; defect: string; caught: 'MUST' | 'SHOULD' }[] = [
  { family: 'schema', defect: 'deployment-missing-config-id', caught: 'MUST' },
  { family: 'timestamps', defect: 'deployment-time-space-separator', caught: 'MUST' },
  { family: 'enums', defect: 'deployment-status-lowercase', caught: 'MUST' },
  { family: 'status-codes', defect: 'scope-other-project-allowed', caught: 'SHOULD' },
  { family: 'headers', defect: 'content-type-text-plain', caught: 'MUST' },
  { family: 'pagination', defect: 'backups-next-link-repeats', caught: 'MUST' },
  { family: 'filters', defect: 'backups-count-missing', caught: 'MUST' },
  { family: 'stateful', defect: 'deployment-update-not-applied', caught: 'MUST' },
];
const CLI_VARIANT = 'heat-missing-field-500';
const UNKNOWN_DEFECT = 'no-such-defect';

/**
 * The operations the CLI sample's defects and variant run over (the in-process matrix covers the
 * rest): the five the service modules serve, selected with `--grep` on their test titles. The clean
 * CLI run covers the whole catalog.
 */
const CLI_OPERATIONS = [
  'software-deployment-create',
  'software-deployment-show',
  'software-deployment-update',
  'image-list-detail',
  'backup-list',
];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `--grep` selecting the sample's operations where `defect` applies (all of them for a variant). */
function cliGrep(defect?: string): string[] {
  const ops = catalog.operations.filter(
    (o) => CLI_OPERATIONS.includes(o.id) && (defect === undefined || APPLIES.get(defect as never)!.includes(o.id)),
  );
  assert.ok(ops.length > 0, `the CLI sample has no operation ${defect} applies to`);
  return ['--grep', ` (${ops.map((o) => escapeRegExp(operationTitle(o))).join('|')}) › `];
}

const CLI_CASES: CliCase[] = [
  { name: 'clean' },
  { name: `variant ${CLI_VARIANT}`, env: { REFERENCE_VARIANT: CLI_VARIANT }, args: cliGrep() },
  ...CLI_DEFECTS.map((d) => ({ name: d.defect, env: { REFERENCE_DEFECT: d.defect }, args: cliGrep(d.defect) })),
  ...CLI_DEFECTS.filter((d) => d.caught === 'SHOULD').map((d) => ({
    name: `${d.defect} --gate should`,
    env: { REFERENCE_DEFECT: d.defect },
    args: [...cliGrep(d.defect), '--gate', 'should'],
  })),
  { name: 'unknown defect', env: { REFERENCE_DEFECT: UNKNOWN_DEFECT } },
];

let cliRuns: Map<string, Promise<CliRun>> | undefined;

/** Starts every CLI run (two at a time) at once, so they overlap the in-process matrix. */
function startCliRuns(): Map<string, Promise<CliRun>> {
  const all = pool(CLI_CASES, conformanceCli);
  return new Map(CLI_CASES.map((c, i) => [c.name, all.then((runs) => runs[i]!)]));
}

async function cli(name: string): Promise<CliRun> {
  cliRuns ??= startCliRuns();
  const r = await cliRuns.get(name)!;
  return r;
}

const tail = (r: CliRun) => `exit ${r.code} after ${r.ms} ms\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`;

describe('mutation matrix', { timeout: 20 * 60_000 }, () => {
  before(() => {
    cliRuns ??= startCliRuns();
  });
  after(async () => {
    // Let every started run finish before the process ends, whatever the tests did.
    if (cliRuns) await Promise.allSettled(cliRuns.values());
  });

  describe('in-process engine', () => {
    it('the clean target departs from nothing', async () => {
      const results = await run({});
      cleanDepartures = new Set(results.filter(departs).map((r) => r.requirementId));
      assert.equal(results.length, catalog.requirements.length, 'every requirement has one result');
      assert.deepEqual(
        results.filter(departs).map((r) => `${r.verdict} ${r.requirementId}: ${r.failures[0]?.message}`),
        [],
      );
    });

    let variantRows: { name: string; hits: RequirementResult[] }[] = [];
    it('no variant fails a MUST requirement anywhere, nor a SHOULD unless it departs from an upstream habit on purpose', async () => {
      const runs = await pool(VARIANTS, (v) => run({ variant: v.name }));
      variantRows = VARIANTS.map((v, i) => ({ name: v.name, hits: departing(runs[i]!) }));
      const musts = variantRows.flatMap(({ name, hits }) =>
        hits
          .filter((r) => r.verdict === 'fail' && r.level === 'MUST')
          .map((r) => `${name}: ${r.requirementId}: ${r.failures[0]?.message}`),
      );
      assert.deepEqual(musts, []);
      const shoulds = variantRows.flatMap(({ name, hits }) =>
        hits
          .filter((r) => r.verdict === 'fail' && !(name in VARIANT_SHOULD_DEPARTURES))
          .map((r) => `${name}: ${r.requirementId}: ${r.failures[0]?.message}`),
      );
      assert.deepEqual(shoulds, [], 'variants failing a SHOULD they are not listed for');
    });

    it('every defect makes a requirement of its family depart, a generic one on every operation it applies to, and the committed matrix is current', async () => {
      if (!cleanDepartures) cleanDepartures = new Set((await run({})).filter(departs).map((r) => r.requirementId));
      const named = await pool(NAMED, (d) => run({ defect: d.name, operations: APPLIES.get(d.name)! }));
      const pairs = await pool(PAIRS, (p) => run({ defect: `${p.name}@${p.op}`, operations: [p.op] }));
      const rows: Row[] = NAMED.map((d, i) => ({
        name: d.name,
        family: d.family,
        hits: departing(named[i]!).filter((r) => r.family === d.family),
      }));
      for (const d of GENERIC) {
        const perOp = new Map<string, RequirementResult[]>();
        PAIRS.forEach((p, i) => {
          if (p.name === d.name)
            perOp.set(
              p.op,
              departing(pairs[i]!).filter((r) => r.family === d.family && r.operation === p.op),
            );
        });
        rows.push({ name: d.name, family: d.family, hits: [...perOp.values()].flat(), perOp });
      }
      const missed = [
        ...rows.filter((r) => !r.perOp && r.hits.length === 0 && !outOfReach(r.name)).map((r) => r.name),
        ...rows.flatMap((r) =>
          [...(r.perOp ?? [])]
            .filter(([op, hits]) => hits.length === 0 && !outOfReach(r.name, op))
            .map(([op]) => `${r.name}@${op}`),
        ),
      ];
      const caughtAnyway = [
        ...rows.filter((r) => !r.perOp && r.hits.length > 0 && outOfReach(r.name)).map((r) => r.name),
        ...rows.flatMap((r) =>
          [...(r.perOp ?? [])]
            .filter(([op, hits]) => hits.length > 0 && outOfReach(r.name, op))
            .map(([op]) => `${r.name}@${op}`),
        ),
      ];
      assert.equal(variantRows.length, VARIANTS.length, 'the variant test ran first');
      const doc = renderDoc(rows, variantRows);
      if (process.argv.includes('--write')) writeFileSync(DOC, doc);
      assert.deepEqual(missed, [], 'defects no check of their family caught where they apply');
      assert.deepEqual(caughtAnyway, [], 'defects listed out of reach that are now caught: take them off the list');
      assert.deepEqual(
        Object.keys(OUT_OF_REACH).filter((k) => {
          const [name, op] = k.split('@');
          return !APPLIES.get(name as never) || (op !== undefined && !APPLIES.get(name as never)!.includes(op));
        }),
        [],
        'out-of-reach entries that name no defect, or an operation the defect does not apply to',
      );
      assert.equal(readFileSync(DOC, 'utf8'), doc, 'docs/mutation-matrix.md is out of date: run with --write');
    });
  });

  describe('the real CLI (npm run conformance), a sample', () => {
    it('the sample names existing defects of the right families, one per family', () => {
      for (const d of CLI_DEFECTS)
        assert.equal(ALL_DEFECTS.find((x) => x.name === d.defect)?.family, d.family, d.defect);
      assert.deepEqual(new Set(CLI_DEFECTS.map((d) => d.family)).size, 8);
      assert.ok(VARIANTS.some((v) => v.name === CLI_VARIANT));
    });

    it('clean: exit 0, conforming, every requirement passes', async () => {
      const r = await cli('clean');
      assert.equal(r.code, 0, tail(r));
      assert.equal(r.report?.verdict, 'conforming', tail(r));
      assert.equal(r.report!.requirements.length, catalog.requirements.length);
      assert.deepEqual(
        r
          .report!.requirements.filter((q) => q.verdict !== 'pass' && q.verdict !== 'not-applicable')
          .map((q) => `${q.verdict} ${q.id}`),
        [],
      );
    });

    it(`variant ${CLI_VARIANT}: exit 0, conforming, its upstream habit a warning citing the decision`, async () => {
      const r = await cli(`variant ${CLI_VARIANT}`);
      assert.equal(r.code, 0, tail(r));
      assert.equal(r.report?.verdict, 'conforming', tail(r));
      assert.deepEqual(
        r.report!.requirements.filter((q) => q.verdict === 'fail').map((q) => q.id),
        [],
      );
      const warned = r.report!.requirements.filter((q) => q.verdict === 'warn');
      assert.deepEqual(
        warned.map((q) => `${q.id} ${q.decision}`),
        ['software-deployment-create.400-missing-mandatory.error-code missing-mandatory-upstream-500'],
      );
    });

    for (const d of CLI_DEFECTS) {
      if (d.caught === 'MUST') {
        it(`${d.defect} (${d.family}): exit 1, non-conforming, a MUST of the family fails`, async () => {
          const r = await cli(d.defect);
          assert.equal(r.code, 1, tail(r));
          assert.equal(r.report?.verdict, 'non-conforming', tail(r));
          assert.ok(
            r.report!.requirements.some((q) => q.family === d.family && q.level === 'MUST' && q.verdict === 'fail'),
            tail(r),
          );
        });
      } else {
        it(`${d.defect} (${d.family}): exit 0 with a SHOULD failure of the family; exit 1 under --gate should`, async () => {
          const r = await cli(d.defect);
          assert.equal(r.code, 0, tail(r));
          assert.equal(r.report?.verdict, 'conforming', tail(r));
          const shoulds = r.report!.requirements.filter((q) => q.family === d.family && q.verdict === 'fail');
          assert.ok(shoulds.length > 0 && shoulds.every((q) => q.level === 'SHOULD'), tail(r));
          const gated = await cli(`${d.defect} --gate should`);
          assert.equal(gated.code, 1, tail(gated));
          assert.equal(gated.report?.gate.level, 'should');
          assert.equal(gated.report?.gate.passed, false);
        });
      }
    }

    it('an unknown REFERENCE_DEFECT exits 2 with a message naming the valid defects', async () => {
      const r = await cli('unknown defect');
      assert.equal(r.code, 2, tail(r));
      assert.match(r.stderr, new RegExp(`${UNKNOWN_DEFECT}[\\s\\S]*${ALL_DEFECTS[0]!.name}`), tail(r));
    });
  });
});
