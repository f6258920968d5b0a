// Correctness of the bench helpers (never timing): statistics, id and token mapping for replays,
// routing, child result parsing, report rendering and the synthetic page maker.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyWithOtherWork, cpuClock, otherWorkShare } from '../../bench/lib/machine.ts';
import { median, ratio } from '../../bench/lib/stats.ts';
import { applySubs, pairIds, routeFor } from '../../bench/lib/replay.ts';
import { lastJsonLine } from '../../bench/lib/child.ts';
import { atMost, renderSection, renderTable } from '../../bench/lib/section.ts';
import { bodyTables, firstCellName, makeSyntheticPages, varyPage } from '../../bench/synthetic-pages.ts';

test('median takes the middle value, or the mean of the two middle ones', () => {
  const cases: [number[], number][] = [
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ];
  for (const [given, want] of cases) assert.equal(median(given), want, JSON.stringify(given));
  assert.throws(() => median([]), /no values/);
});

test('ratio refuses a zero denominator rather than printing Infinity', () => {
  assert.equal(ratio(3, 2), 1.5);
  assert.throws(() => ratio(1, 0), /denominator/);
});

test('applySubs replaces every occurrence of every learnt value', () => {
  const subs = new Map([
    ['tok-old', 'tok-new'],
    ['id-aaaaaaaa', 'id-bbbbbbbb'],
  ]);
  assert.equal(applySubs('/v1/p/x/id-aaaaaaaa?k=id-aaaaaaaa', subs), '/v1/p/x/id-bbbbbbbb?k=id-bbbbbbbb');
  assert.equal(applySubs('tok-old', subs), 'tok-new');
  assert.equal(applySubs('unrelated', subs), 'unrelated');
});

test('pairIds pairs ids found at the same place and skips equal or short ones', () => {
  const into = new Map<string, string>();
  pairIds(
    {
      software_deployment: { id: 'aaaaaaaa-1', config_id: 'c', links: [{ id: 'bbbbbbbb-1' }] },
      same: { id: 'seeded-0001' },
      short: { id: 'x' },
    },
    {
      software_deployment: { id: 'aaaaaaaa-2', config_id: 'c', links: [{ id: 'bbbbbbbb-2' }] },
      same: { id: 'seeded-0001' },
      short: { id: 'y' },
    },
    into,
  );
  assert.deepEqual(
    [...into],
    [
      ['aaaaaaaa-1', 'aaaaaaaa-2'],
      ['bbbbbbbb-1', 'bbbbbbbb-2'],
    ],
  );
});

test('routeFor sends a path to the first matching prefix and strips it', () => {
  const routes = [
    { prefix: '/heat-api', origin: 'http://127.0.0.1:1' },
    { prefix: '', origin: 'http://127.0.0.1:9' },
  ];
  assert.equal(routeFor('/heat-api/v1/p/software_deployments', routes), 'http://127.0.0.1:1/v1/p/software_deployments');
  assert.equal(routeFor('/heat-apix/v1', routes), 'http://127.0.0.1:9/heat-apix/v1');
  assert.equal(routeFor('/identity/v3/auth/tokens', routes), 'http://127.0.0.1:9/identity/v3/auth/tokens');
  assert.throws(() => routeFor('/x', [{ prefix: '/y', origin: 'http://127.0.0.1:1' }]), /no route/);
});

test('lastJsonLine finds the result line after other output', () => {
  assert.deepEqual(lastJsonLine<{ a: number }>('starting\n{"a":1}\n{"a":2}\ndone\n'), { a: 2 });
  assert.throws(() => lastJsonLine('no json here'), /no JSON result line/);
});

test('renderSection shows each ratio with its goal and verdict', () => {
  const md = renderSection({
    id: 'x',
    title: 'Floor',
    command: 'npm run bench',
    tables: [{ header: ['a', 'b|c'], rows: [['1', '2']] }],
    ratios: [atMost('full / floor', 1.7, 1.5), atMost('other', 1.2, 1.5)],
    notes: ['cause: per-test cost'],
  });
  assert.match(md, /\| full \/ floor \| 1\.70 \| ≤ 1\.5 \| NOT met \|/);
  assert.match(md, /\| other \| 1\.20 \| ≤ 1\.5 \| met \|/);
  assert.match(md, /b\\\|c/);
  assert.match(md, /- cause: per-test cost/);
  assert.equal(renderTable({ header: ['h'], rows: [] }), '| h |\n| --- |');
});

const row = (name: string, id: string) =>
  `<tr id="${id}"><td class="c"><p id="p"><a name="p"></a>${name}</p>\n</td>\n<td><p><a name="q"></a>String</p>\n</td>\n</tr>`;
const page = [
  '# Showing a Thing<a name="T"></a>',
  '',
  'This interface is used to show a thing.',
  '',
  `<table><tbody>${row('project_id', 'r0')}\n</tbody>\n</table>`,
  '',
  `    <table><tbody>${row('id', 'r1')}\n    ${row('status', 'r2')}\n    </tbody>\n    </table>`,
  '',
  `<table><tbody><tr id="c"><td><p><a name="c"></a>200 OK</p></td></tr>\n<tr id="d"><td><p><a name="d"></a>404 Not Found</p></td></tr>\n<tr id="e"><td><p><a name="e"></a>500 Oops</p></td></tr></tbody></table>`,
].join('\n');

test('firstCellName reads parameter names and ignores code tables', () => {
  const [paths, fields, codes] = bodyTables(page);
  assert.equal(paths!.length, 1);
  assert.equal(fields!.length, 2);
  assert.equal(codes!.length, 3);
  assert.equal(firstCellName(page.slice(fields![1]!.start, fields![1]!.end)), 'status');
  assert.equal(firstCellName(page.slice(codes![0]!.start, codes![0]!.end)), undefined);
});

test('varyPage retitles the page and adds one renamed row to its longest parameter table', () => {
  const v = varyPage({ name: 'thing.md', text: page }, 7);
  assert.equal(v.name, 'thing--s0007.md');
  assert.match(v.text, /^# Showing a Thing \(synthetic s0007\)<a name="T"><\/a>/);
  assert.match(v.text, /This interface \(variation s0007\) is used to/);
  const [paths, fields, codes] = bodyTables(v.text);
  assert.equal(paths!.length, 1, 'the one-row path table is left alone');
  assert.equal(fields!.length, 3);
  assert.equal(codes!.length, 3, 'code tables are left alone');
  assert.equal(firstCellName(v.text.slice(fields![2]!.start, fields![2]!.end)), 'status_s0007');
  assert.match(v.text, /\n    <tr id="r2-s0007">/, 'the copy keeps the row indentation');
  assert.equal(varyPage({ name: 'thing.md', text: page }, 7, { extraRow: false }).text.includes('status_s0007'), false);
});

test('makeSyntheticPages cycles through the bases and names every page uniquely', () => {
  const bases = [
    { name: 'a.md', text: page },
    { name: 'b.md', text: page },
  ];
  const pages = makeSyntheticPages(bases, 5);
  assert.deepEqual(
    pages.map((p) => p.base),
    ['a.md', 'b.md', 'a.md', 'b.md', 'a.md'],
  );
  assert.equal(new Set(pages.map((p) => p.name)).size, 5);
  assert.equal(new Set(pages.map((p) => p.text)).size, 5);
});

test('responseFindingKeys keeps response errors by position and drops request findings and warnings', async () => {
  const { responseFindingKeys } = await import('../../bench/lib/prism.ts');
  const v = (x: unknown[]) => JSON.stringify(x);
  const keys = responseFindingKeys([
    { index: 3, value: v([{ location: ['response', 'body', 'id'], severity: 'Error', code: 'type', message: 'm' }]) },
    { index: 4, value: v([{ location: ['request', 'body'], severity: 'Error', code: 'required', message: 'm' }]) },
    { index: 5, value: v([{ location: ['request'], severity: 'Warning', message: 'Selected route not found' }]) },
    { index: 6, value: 'not json' },
  ]);
  assert.deepEqual([...keys], ['3|response.body.id|type']);
});

test('summarise counts results and failures in a conformance report', async () => {
  const { summarise } = await import('../../bench/lib/conformance.ts');
  const s = summarise({
    verdict: 'non-conforming',
    run: { tests: { total: 2 } },
    requirements: [
      { id: 'a', level: 'MUST', verdict: 'pass' },
      { id: 'b', level: 'MUST', verdict: 'fail' },
      { id: 'c', level: 'SHOULD', verdict: 'fail' },
      { id: 'd', level: 'MUST', verdict: 'warn' },
    ],
  });
  assert.deepEqual(s, {
    verdict: 'non-conforming',
    results: 4,
    tests: 2,
    failed: 2,
    failedMust: 1,
    failedIds: ['b', 'c'],
  });
  assert.equal(summarise({}).results, 0);
});

test('extendDecisions copies appliesTo and apply entries to each variation of an operation', async () => {
  const { parse } = await import('yaml');
  const { extendDecisions } = await import('../../bench/lib/variation-decisions.ts');
  const text = [
    'decisions:',
    '  - id: d1',
    '    appliesTo:',
    '      - { operation: op-a, subject: x }',
    '      - { operation: op-b, subject: y }',
    '    apply:',
    '      - { action: nullable, operation: op-a, subjects: [x] }',
    '  - id: d2',
    '    appliesTo:',
    '      - { operation: op-b, subject: z }',
  ].join('\n');
  const out = parse(extendDecisions(text, new Map([['op-a', ['op-a--s0005', 'op-a--s0010']]]))) as {
    decisions: { appliesTo: { operation: string }[]; apply?: { operation: string; subjects: string[] }[] }[];
  };
  assert.deepEqual(
    out.decisions[0]!.appliesTo.map((a) => a.operation),
    ['op-a', 'op-b', 'op-a--s0005', 'op-a--s0010'],
  );
  assert.deepEqual(
    out.decisions[0]!.apply!.map((a) => a.operation),
    ['op-a', 'op-a--s0005', 'op-a--s0010'],
  );
  assert.deepEqual(out.decisions[0]!.apply![2]!.subjects, ['x'], 'copies are written out in full, not as YAML aliases');
  assert.deepEqual(
    out.decisions[1]!.appliesTo.map((a) => a.operation),
    ['op-b'],
  );
  assert.equal(out.decisions[1]!.apply, undefined);
});

test('profile buckets name the npm package or project folder of a frame', async () => {
  const { bucket, groupBuckets } = await import('../../bench/lib/profile.ts');
  assert.equal(bucket('file:///work/main/node_modules/yaml/dist/parse.js'), 'npm:yaml');
  assert.equal(bucket('file:///work/main/node_modules/@playwright/test/index.js'), 'npm:@playwright/test');
  assert.equal(bucket('file:///work/main/src/checks/walk.ts'), 'src/checks');
  assert.equal(bucket('node:internal/modules/cjs/loader'), 'node-internals');
  assert.equal(bucket(''), '(native)');
  const groups = new Map(
    groupBuckets(
      new Map([
        ['src/checks', 5],
        ['npm:yaml', 7],
        ['npm:left-pad', 1],
        ['npm:playwright-core', 3],
      ]),
    ),
  );
  assert.equal(groups.get("the suite's own code (src/, tests/, fixtures/, playwright.config.ts)"), 5);
  assert.equal(groups.get('yaml (parsing catalog.yaml)'), 7);
  assert.equal(groups.get('other packages'), 1);
  assert.equal(groups.get('Playwright (runner, fixtures, steps, APIRequestContext)'), 3);
});

test('summarise adds self time per sample and keeps idle apart', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { summarise } = await import('../../bench/lib/profile.ts');
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-test-'));
  try {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    writeFileSync(
      join(dir, 'a.cpuprofile'),
      JSON.stringify({
        nodes: [
          { id: 1, callFrame: frame('(idle)', '') },
          { id: 2, callFrame: frame('parse', 'file:///work/main/node_modules/yaml/x.js') },
          { id: 3, callFrame: frame('walk', 'file:///work/main/src/checks/walk.ts') },
        ],
        samples: [1, 2, 2, 3],
        timeDeltas: [4000, 1000, 2000, 500],
        startTime: 0,
        endTime: 10_000,
      }),
    );
    const t = summarise(dir);
    assert.deepEqual(t.files, [{ file: 'a.cpuprofile', wallMs: 10, idleMs: 4, busyMs: 3.5 }]);
    assert.equal(t.byScript.get('npm:yaml'), 3);
    assert.equal(t.byScript.get('src/checks'), 0.5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseGnuTime reads user + system seconds from the last line', async () => {
  const { parseGnuTime } = await import('../../bench/lib/child.ts');
  assert.equal(parseGnuTime('12.50 3.25 0.75\n'), 4000);
  assert.equal(parseGnuTime('Command exited with non-zero status 1\n1.00 0.50 0.25\n'), 750);
  assert.equal(parseGnuTime('Command terminated by signal 9\n'), undefined);
});

test('runChild measures the CPU of the whole process tree when GNU time is there', async () => {
  const { existsSync } = await import('node:fs');
  const { runChild, GNU_TIME } = await import('../../bench/lib/child.ts');
  // Spins until it has used 300 ms of CPU itself, however loaded the machine is.
  const busy = 'const s = process.cpuUsage(); while (process.cpuUsage(s).user < 300000) {}';
  // A parent that spends nothing itself and waits for a busy child: the child's CPU must count.
  const parent = `require('node:child_process').execFileSync(process.execPath, ['-e', ${JSON.stringify(busy)}])`;
  const r = await runChild(process.execPath, ['-e', parent], { measureCpu: true, timeoutMs: 30_000 });
  assert.equal(r.code, 0);
  if (!existsSync(GNU_TIME)) {
    assert.equal(r.cpuMs, undefined);
    return;
  }
  assert.ok(r.cpuMs !== undefined && r.cpuMs >= 250, `child CPU counted: ${r.cpuMs}`);
});

test('stageOf recognises the terminal lines that mark a run stage', async () => {
  const { stageOf } = await import('../../bench/lib/timeline.ts');
  assert.equal(stageOf('Running 29 tests using 2 workers'), 'running');
  assert.equal(stageOf('Running 1 test using 1 worker'), 'running');
  assert.equal(stageOf('[1/29] tests/conformance/define.ts:21:7 › GET /v1.1/images/detail › schema'), 'first-result');
  assert.equal(stageOf('[2/29] tests/conformance/define.ts:21:7 › x'), undefined);
  assert.equal(stageOf('  29 passed (7.2s)'), 'summary');
  assert.equal(stageOf('  1 failed'), 'summary');
  assert.equal(stageOf('Conformance: CONFORMING'), undefined);
  // The conformance reporter's own lines under the CLI.
  assert.equal(stageOf('  ✓ [1/72] GET /v2/images (12ms)'), 'first-result');
  assert.equal(stageOf('  ✘ [2/72] GET /v2/images — 1 MUST failing (12ms)'), undefined);
  assert.equal(stageOf('72 tests in 4.2s: 72 without a MUST failure'), 'summary');
});

describe('critical path and the delay proxy', () => {
  it('the bound: the busiest service over the lanes, plus the cleanup in layers (each layer its largest service share over the lanes)', async () => {
    const { cleanupPath, requestBound } = await import('../../bench/lib/request-bound.ts');
    const one = requestBound(
      [
        { operation: 'a', requests: 3 },
        { operation: 'b', requests: 5 },
        { operation: 'c', requests: 3 },
      ],
      13,
      4,
    );
    assert.deepEqual([one.bound, one.cleanup, one.total], [Math.ceil(11 / 4) + 2, 2, 13]);
    const busy = requestBound(
      [
        { operation: 'x', service: 's1', requests: 9 },
        { operation: 'y', service: 's1', requests: 9 },
        { operation: 'z', service: 's2', requests: 10 },
      ],
      28,
      4,
    );
    assert.deepEqual([busy.bound, busy.busiest], [5, { service: 's1', requests: 18 }]);
    const layers = [['s', 's', 's', 's', 's', 't'], ['s'], ['t', 't']];
    assert.equal(cleanupPath(layers, 4), 2 + 1 + 1);
    assert.equal(cleanupPath(layers, 1), 5 + 1 + 2);
    const p = requestBound([{ operation: 'a', requests: 5 }], 14, 4, layers);
    assert.deepEqual([p.cleanup, p.cleanupPath, p.bound], [9, 4, Math.ceil(5 / 4) + 4]);
  });

  it('the depth of a run is the slope of its wall time over the delay: what the chain spends on CPU drops out', async () => {
    const { slope } = await import('../../bench/lib/depth.ts');
    // 40 request-times and 1.2 s of CPU on the chain, at three delays.
    const runs = [100, 150, 200].map((delayMs) => ({ delayMs, wallMs: 40 * delayMs + 1200, requests: 600 }));
    assert.equal(slope(runs), 40);
    assert.equal(slope([runs[0]!, runs[2]!]), 40);
    assert.throws(() => slope([runs[0]!]), /two different delays/);
    assert.throws(() => slope([runs[0]!, runs[0]!]), /two different delays/);
  });

  it('the delay proxy forwards to loopback only, delays, refuses past its budget and closes itself', async () => {
    const { startDelayProxy } = await import('../../bench/lib/delay-proxy.ts');
    const http = await import('node:http');
    await assert.rejects(startDelayProxy('http://192.0.2.1:80', { delayMs: 1 }), /loopback only/);
    const upstream = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const proxy = await startDelayProxy(origin, { delayMs: 30, maxRequests: 2 });
    const shortLived = await startDelayProxy(origin, { delayMs: 1, lifetimeMs: 100 });
    try {
      const t0 = performance.now();
      assert.equal(await (await fetch(`${proxy.url}/x`)).text(), 'ok');
      assert.ok(performance.now() - t0 >= 25, 'the answer waited for the delay');
      await fetch(`${proxy.url}/y`);
      assert.equal((await fetch(`${proxy.url}/z`)).status, 503);
      assert.deepEqual(
        proxy.log.map((r) => r.path),
        ['/x', '/y'],
      );
      await new Promise((r) => setTimeout(r, 300));
      await assert.rejects(fetch(`${shortLived.url}/after`), 'closed after its lifetime');
    } finally {
      await proxy.close();
      await shortLived.close();
      upstream.close();
    }
  });
});

test("other work's share of the CPU: the machine's busy time less the bench's own, over elapsed time × cores", () => {
  const cases: { before: [number, number]; after: [number, number]; elapsed: number; want: number | undefined }[] = [
    // The bench's own runs keep both cores busy: no other work.
    { before: [0, 0], after: [2000, 2000], elapsed: 1000, want: 0 },
    // Another process took one core for the whole second on two cores.
    { before: [0, 0], after: [2000, 1000], elapsed: 1000, want: 0.5 },
    // Rounding of clock ticks cannot make it negative.
    { before: [0, 0], after: [990, 1000], elapsed: 1000, want: 0 },
    { before: [0, 0], after: [10, 0], elapsed: 0, want: undefined },
  ];
  for (const c of cases) {
    const clock = ([machineBusyMs, ownMs]: [number, number]) => ({ machineBusyMs, ownMs });
    assert.equal(otherWorkShare(clock(c.before), clock(c.after), c.elapsed, 2), c.want, JSON.stringify(c));
  }
  assert.equal(otherWorkShare(undefined, { machineBusyMs: 1, ownMs: 1 }, 1000, 2), undefined);
  assert.equal(busyWithOtherWork({ max: 3, other: 0.05 }, 2), false, 'own load is not other work');
  assert.equal(busyWithOtherWork({ max: 0.5, other: 0.3 }, 2), true);
  const clock = cpuClock();
  if (clock)
    assert.ok(clock.machineBusyMs >= clock.ownMs, 'the machine has been busy at least as long as this process');
});
