// The Allure result set staged as tests end: whatever was staged before, the directory the run leaves
// holds exactly the final set (stale files removed, changed texts rewritten, the old set replaced),
// and a file staged twice ends with its last text; what the final report left as staged is kept.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  allureFiles,
  removeAbandoned,
  servicesOf,
  type AllureFile,
  type AllureInput,
} from '../../src/report/allure.ts';
import { AllureStaging } from '../../src/report/allure-staging.ts';
import { buildReport, requirementEntry } from '../../src/report/build-report.ts';
import { loadReportCatalog } from '../../src/report/catalog.ts';
import type { Waiver } from '../../src/report/waivers.ts';
import { leakedSecrets, redactDeep } from '../../src/lib/redact.ts';

import { tempDir } from '../support/temp.ts';
import type { Exchange, RequirementResult } from '../../src/results/model.ts';

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const cases: { name: string; staged: AllureFile[][]; final: AllureFile[] }[] = [
  { name: 'nothing staged: the final set is written whole', staged: [], final: [{ name: 'a', text: '1' }] },
  {
    name: 'staged then unchanged',
    staged: [[{ name: 'a', text: '1' }], [{ name: 'b', text: '2' }]],
    final: [
      { name: 'a', text: '1' },
      { name: 'b', text: '2' },
    ],
  },
  {
    name: 'a text changed by the final report, a file it no longer holds, one it adds',
    staged: [[{ name: 'a', text: 'early' }], [{ name: 'gone', text: 'x' }]],
    final: [
      { name: 'a', text: 'final' },
      { name: 'new', text: 'n' },
    ],
  },
  {
    name: 'one name staged twice with different texts, then final',
    staged: [[{ name: 'a', text: 'first' }], [{ name: 'a', text: 'second' }]],
    final: [{ name: 'a', text: 'third' }],
  },
];

for (const c of cases) {
  test(`AllureStaging: ${c.name}`, async () => {
    const root = tempDir('allure-staging');
    const dir = join(root, 'allure-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale-from-last-run'), 'old');
    const staging = new AllureStaging(dir);
    for (const files of c.staged) staging.stage(files);
    await staging.finish(c.final);
    assert.deepEqual(contents(dir), Object.fromEntries(c.final.map((f) => [f.name, f.text])));
    assert.deepEqual(readdirSync(root), ['allure-results'], 'no staging or old directory is left beside it');
  });
}

test('AllureStaging: a directory that cannot be made fails finish with a clear error, and the old set stays', async () => {
  const root = tempDir('allure-staging');
  const blocker = join(root, 'file');
  writeFileSync(blocker, '');
  const dir = join(blocker, 'allure-results');
  const staging = new AllureStaging(dir);
  staging.stage([{ name: 'a', text: '1' }]);
  await assert.rejects(staging.finish([{ name: 'a', text: '1' }]), /Allure|ENOTDIR|EEXIST/);
  assert.equal(existsSync(dir), false);
});

test('AllureStaging: writes the writer could not make (its directory gone mid-run) are made at the end', async () => {
  const root = tempDir('allure-staging');
  const dir = join(root, 'allure-results');
  const staging = new AllureStaging(dir);
  staging.stage([{ name: 'a', text: '1' }]);
  const pre = join(root, `.allure-results.${process.pid}.pre`);
  for (let i = 0; i < 500 && !existsSync(join(pre, 'a')); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(existsSync(join(pre, 'a')), 'the first batch is written as the run goes');
  rmSync(pre, { recursive: true });
  writeFileSync(pre, 'a file where the staging directory was');
  staging.stage([{ name: 'b', text: '2' }]);
  await staging.finish([
    { name: 'a', text: '1' },
    { name: 'b', text: '2' },
  ]);
  assert.deepEqual(contents(dir), { a: '1', b: '2' });
  assert.deepEqual(readdirSync(root), ['allure-results']);
});

// finishReport: requirements staged as their tests ended keep their files when the final report's
// entry, exchanges, secrets and times are those they were staged from; anything else is made again.
// Whatever was staged, the directory ends exactly as allureFiles of the final report.

const catalog = loadReportCatalog(join(import.meta.dirname, '../../fixtures/report/catalog.yaml'));
const requirements = new Map(catalog.requirements.map((r) => [r.id, r]));
const services = servicesOf(catalog);
const RUN_START = new Date('2030-01-01T00:00:00Z');
const TOKEN = 'gAAAAAB-token-recorded-late-0123456789';

const ENVELOPE = 'backup-list.backups.envelope';
const ID_TYPE = 'backup-list.backups-id.field-type';
const STATUS = 'software-deployment-show.software-deployment-status.enum-response';
const TIMESTAMP = 'software-deployment-show.software-deployment-creation-time.timestamp-format';

const outcome = (
  requirementId: string,
  verdict: RequirementResult['verdict'],
  extra: Partial<RequirementResult> = {},
): RequirementResult => ({
  requirementId,
  checkId: `check.${requirementId.split('.').at(-1)}`,
  operation: requirementId.split('.')[0]!,
  family: requirements.get(requirementId)!.family,
  level: 'MUST',
  verdict,
  failures: verdict === 'fail' ? [{ message: `${requirementId} failed`, received: 'x', documented: 'y' }] : [],
  durationMs: 4,
  ...extra,
});

const exchange = (path: string, extra: Partial<Exchange> = {}): Exchange => ({
  method: 'GET',
  url: `http://127.0.0.1:1${path}`,
  requestHeaders: { 'X-Auth-Token': '***' },
  status: 200,
  responseBody: '{"backups": []}',
  durationMs: 3,
  startedAt: '2030-01-01T00:00:01.000Z',
  ...extra,
});

/** One Playwright test as the reporter sees it end: its results and the exchanges each rests on. */
interface Ended {
  results: RequirementResult[];
  exchanges: Map<string, Exchange[]>;
}

function ended(results: RequirementResult[], exchanges: Exchange[] = []): Ended {
  return { results, exchanges: new Map(results.map((r) => [r.requirementId, exchanges])) };
}

/** What the reporter does as a test ends (src/report/reporter.ts, stageAllure). */
function stageEnded(staging: AllureStaging, test: Ended, secrets: string[], runStart = RUN_START.getTime()): void {
  const byId = new Map<string, RequirementResult[]>();
  for (const r of test.results) byId.set(r.requirementId, [...(byId.get(r.requirementId) ?? []), r]);
  const entries = [...byId].map(([id, list]) => requirementEntry(requirements.get(id)!, list));
  staging.stageRequirements(entries, { runStart, services, exchanges: test.exchanges, secrets });
}

/** What the reporter gives writeReportsAsync at the end: the report of the tests that count, redacted. */
function finalInput(
  tests: Ended[],
  secrets: string[],
  extra: { waivers?: Waiver[]; startTime?: Date; unredacted?: boolean } = {},
): AllureInput {
  const report = buildReport({
    catalog,
    tool: { name: 'cloud-api-conformance', version: '0.0.0' },
    target: { cloudName: 'c', embedded: true, endpoints: {}, readOnly: false },
    results: tests.flatMap((t) => t.results),
    tests: [],
    status: 'passed',
    startTime: extra.startTime ?? RUN_START,
    durationMs: 60_000,
    shard: null,
    gate: 'pages',
    ...(extra.waivers ? { waivers: { file: 'waivers.yaml', list: extra.waivers } } : {}),
    now: RUN_START,
  });
  const exchanges = new Map<string, Exchange[]>();
  for (const t of tests) for (const [id, list] of t.exchanges) exchanges.set(id, list);
  return { report: extra.unredacted ? report : redactDeep(report, secrets), catalog, exchanges, secrets };
}

const schemaTest = ended(
  [outcome(ENVELOPE, 'pass'), outcome(ID_TYPE, 'fail')],
  [exchange('/v3/p/backups'), exchange('/v3/p/backups?limit=1')],
);
const enumsTest = ended([outcome(STATUS, 'pass')], [exchange('/v1/p/software_deployments/d')]);
// No exchange: its result starts at the run's start.
const timestampsTest = ended([outcome(TIMESTAMP, 'warn', { reason: 'no offset' })]);
const SECRETS = ['demo-password'];
// A target echoing a token the session obtains only later in the run.
const echoTest = ended(
  [outcome(ENVELOPE, 'pass')],
  [exchange('/v3/p/backups', { responseBody: `{"echo": "${TOKEN}"}` })],
);
const untimedTest = ended([outcome(ENVELOPE, 'pass')], [exchange('/v3/p/backups', { startedAt: undefined })]);

const reuseCases: {
  name: string;
  staged: { test: Ended; secrets?: string[]; runStart?: number }[];
  final: () => AllureInput;
  /** Requirements that keep their staged files; every other entry of the report is made again. */
  kept: string[];
}[] = [
  {
    name: 'nothing changed: every staged requirement keeps its files',
    staged: [{ test: schemaTest }, { test: enumsTest }, { test: timestampsTest }],
    final: () => finalInput([schemaTest, enumsTest, timestampsTest], SECRETS),
    kept: [ENVELOPE, ID_TYPE, STATUS, TIMESTAMP],
  },
  {
    name: 'a waiver the final report applies is made again',
    staged: [{ test: schemaTest }, { test: enumsTest }],
    final: () =>
      finalInput([schemaTest, enumsTest], SECRETS, {
        waivers: [{ requirement: ID_TYPE, reason: 'vendor ticket', expires: '2999-12-31', line: 1 }],
      }),
    kept: [ENVELOPE, STATUS],
  },
  {
    name: 'a later attempt staged last is the one kept',
    staged: [{ test: enumsTest }, { test: ended([outcome(STATUS, 'fail')], enumsTest.exchanges.get(STATUS)) }],
    final: () => finalInput([ended([outcome(STATUS, 'fail')], enumsTest.exchanges.get(STATUS))], SECRETS),
    kept: [STATUS],
  },
  {
    name: 'a later attempt not staged (new exchanges, same verdict) is made again',
    staged: [{ test: enumsTest }],
    final: () => finalInput([ended([outcome(STATUS, 'pass')], [exchange('/v1/p/software_deployments/d')])], SECRETS),
    kept: [],
  },
  {
    name: 'a requirement two tests reported is made from both',
    staged: [{ test: schemaTest }],
    final: () =>
      finalInput([schemaTest, ended([outcome(ENVELOPE, 'fail')], [exchange('/v3/p/backups?marker=m')])], SECRETS),
    kept: [ID_TYPE],
  },
  {
    name: 'the same echo with the secrets staged with: kept',
    staged: [{ test: echoTest }],
    final: () => finalInput([echoTest], SECRETS),
    kept: [ENVELOPE],
  },
  {
    name: 'a secret recorded after staging is masked in what is made again',
    staged: [{ test: echoTest }],
    final: () => finalInput([echoTest], [...SECRETS, TOKEN]),
    kept: [],
  },
  {
    name: 'the same secrets listed twice redact alike: kept',
    staged: [{ test: schemaTest }],
    final: () => finalInput([schemaTest], [...SECRETS, ...SECRETS]),
    kept: [ENVELOPE, ID_TYPE],
  },
  {
    name: "another run start (Playwright's, a merge's) remakes only what rests on it",
    staged: [{ test: schemaTest }, { test: timestampsTest }],
    final: () => finalInput([schemaTest, timestampsTest], SECRETS, { startTime: new Date('2030-01-01T00:00:00.250Z') }),
    kept: [ENVELOPE, ID_TYPE],
  },
  {
    name: 'an exchange without its own time, at the same run start: kept',
    staged: [{ test: untimedTest }],
    final: () => finalInput([untimedTest], SECRETS),
    kept: [ENVELOPE],
  },
  {
    name: 'an exchange without its own time rests on the run start too',
    staged: [{ test: untimedTest }],
    final: () => finalInput([untimedTest], SECRETS, { startTime: new Date('2030-01-01T00:00:00.250Z') }),
    kept: [],
  },
];

for (const c of reuseCases) {
  test(`AllureStaging.finishReport: ${c.name}`, async () => {
    const root = tempDir('allure-staging');
    const dir = join(root, 'allure-results');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale-from-last-run'), 'old');
    const staging = new AllureStaging(dir);
    for (const s of c.staged) stageEnded(staging, s.test, s.secrets ?? SECRETS, s.runStart);
    const input = c.final();
    const counts = await staging.finishReport(input);
    assert.deepEqual(contents(dir), Object.fromEntries(allureFiles(input).map((f) => [f.name, f.text])));
    assert.deepEqual(readdirSync(root), ['allure-results'], 'no staging or old directory is left beside it');
    assert.deepEqual(counts, { kept: c.kept.length, made: input.report.requirements.length - c.kept.length });
    for (const file of readdirSync(dir))
      assert.deepEqual(leakedSecrets(readFileSync(join(dir, file), 'utf8'), input.secrets), [], file);
  });
}

test('what runs killed before their end left beside the result directory is removed, never what a running process owns', async () => {
  const root = mkdtempSync(join(tmpdir(), 'allure-abandoned-'));
  try {
    const dir = join(root, 'allure-results');
    // A process id no process has: above any the kernel hands out here is enough.
    let gone = 4_194_300;
    for (; ; gone--) {
      try {
        process.kill(gone, 0);
      } catch {
        break;
      }
    }
    const names = [
      `.allure-results.${gone}.pre`,
      `.allure-results.${gone}.staging`,
      `allure-results.${gone}.old`,
      `.allure-results.${process.ppid}.pre`,
      `.allure-results.${process.pid}.pre`,
      `.other-results.${gone}.pre`,
      'allure-results',
    ];
    for (const name of names) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'x-result.json'), '{}');
    }
    await removeAbandoned(dir);
    assert.deepEqual(
      readdirSync(root).sort(),
      [
        `.allure-results.${process.pid}.pre`,
        `.allure-results.${process.ppid}.pre`,
        `.other-results.${gone}.pre`,
        'allure-results',
      ].sort(),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('allureFiles and staging mask secrets and quoted credential headers however an entry or exchange carries them', async () => {
  const quoted = "curl -H 'X-Auth-Token: not-a-known-secret-42' http://127.0.0.1:1/v3/p/backups";
  const leaky = ended(
    [
      outcome(ID_TYPE, 'fail', {
        failures: [{ message: `received ${TOKEN}`, received: TOKEN, documented: 'y', reproduce: quoted }],
      }),
      outcome(TIMESTAMP, 'warn', { reason: `the target answered ${TOKEN}` }),
    ],
    [exchange(`/v3/p/backups?token=${TOKEN}`, { responseBody: `{"X-Auth-Token": "not-a-known-secret-42"}` })],
  );
  const check = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      assert.deepEqual(leakedSecrets(text, [TOKEN]), [], name);
      assert.doesNotMatch(text, /not-a-known-secret-42/, name);
    }
    const failed = Object.values(files)
      .filter((t) => t.includes('"requirement"'))
      .map((t) => JSON.parse(t))
      .find((r) => r.status === 'failed');
    assert.match(failed.statusDetails.trace, /Reproduce: curl -H 'X-Auth-Token: \*\*\*'/);
    assert.ok(failed.attachments.every((a: { name: string }) => a.name.includes('token=***')));
  };
  // An unredacted report given to allureFiles directly.
  check(
    Object.fromEntries(allureFiles(finalInput([leaky], [TOKEN], { unredacted: true })).map((f) => [f.name, f.text])),
  );
  // Staged as the reporter does, then finished from the redacted final report.
  const root = tempDir('allure-staging');
  const dir = join(root, 'allure-results');
  const staging = new AllureStaging(dir);
  stageEnded(staging, leaky, [TOKEN]);
  const counts = await staging.finishReport(finalInput([leaky], [TOKEN]));
  assert.equal(counts.kept, 2);
  check(contents(dir));
});
