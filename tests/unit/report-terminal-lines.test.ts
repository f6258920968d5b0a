// The CLI's terminal lines (src/report/terminal.ts): one per test as it ends, then how many ended each
// way — Playwright's own count would call a test marked failing (test.fail()) passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paint, testLine, testsLine } from '../../src/report/terminal.ts';

const plain = paint(false);

test('a line per test says how it ended', () => {
  const cases: [Parameters<typeof testLine>[3], string][] = [
    [{ kind: 'ok', mustFailing: 0, durationMs: 12.4 }, '  ✓ [1/4] GET /v2/images (12ms)'],
    [{ kind: 'must-failed', mustFailing: 3, durationMs: 40 }, '  ✘ [1/4] GET /v2/images — 3 MUST failing (40ms)'],
    [{ kind: 'errored', mustFailing: 0, durationMs: 5 }, '  ! [1/4] GET /v2/images — errored (5ms)'],
    [{ kind: 'skipped', mustFailing: 0, durationMs: 0 }, '  - [1/4] GET /v2/images — skipped (0ms)'],
  ];
  for (const [outcome, want] of cases) assert.equal(testLine(1, 4, 'GET /v2/images', outcome, plain), want);
});

test('the closing line counts each way a test ended, naming only those that occurred', () => {
  assert.equal(
    testsLine({ ok: 70, 'must-failed': 2, errored: 0, skipped: 0 }, 4210),
    '72 tests in 4.2s: 70 without a MUST failure, 2 with one',
  );
  assert.equal(
    testsLine({ ok: 0, 'must-failed': 0, errored: 1, skipped: 2 }, 900),
    '3 tests in 0.9s: 0 without a MUST failure, 1 errored, 2 skipped',
  );
  assert.equal(
    testsLine({ ok: 1, 'must-failed': 0, errored: 0, skipped: 0 }, 100),
    '1 test in 0.1s: 1 without a MUST failure',
  );
});
