// Playwright's fixed start-up, measured with one empty test: the same runner, test-file loading and
// worker start as the conformance suite, and nothing else.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'empty.spec.ts',
  workers: 1,
  reporter: [['dot']],
  outputDir: join(tmpdir(), 'cloud-api-conformance-bench-empty'),
});
