// How fast this machine creates small files just now. A full run writes a few thousand report files;
// on the machine BENCHMARKS.md was written on (ext4, mounted with online `discard`), creating files
// costs about ten times the usual system time for a few minutes after thousands were deleted, whoever
// deleted them. The sections that time full runs wait for that to pass
// (within a bound) and say what they measured, so a reading is of the suite, not of a backlog of
// deletions made before the bench started (the bench defers its own: bench/lib/leftovers.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLater } from './leftovers.ts';
import { progress } from './main.ts';

/** Above this, a backlog is being worked off: a small file costs about 25 µs on the bench machine without one, 150 to 800 µs with. */
const SLOW_US_PER_FILE = 60;
const FILES = 500;

export interface FileCreation {
  /** Microseconds a file, the last probe. */
  usPerFile: number;
  /** How long the section waited for the rate to come back. */
  waitedMs: number;
  /** Whether it came back within the bound. */
  settled: boolean;
}

/** Microseconds to create one small file, over FILES files in a fresh folder (removed when the bench ends). */
export function probeFileCreation(): number {
  const dir = mkdtempSync(join(tmpdir(), 'cac-bench-files-'));
  removeLater(dir);
  const text = 'x'.repeat(1500);
  const started = performance.now();
  for (let i = 0; i < FILES; i++) writeFileSync(join(dir, `${i}-result.json`), text);
  return ((performance.now() - started) * 1000) / FILES;
}

/** Probes every 15 s until files are created at the usual rate, for at most `maxWaitMs`. */
export async function awaitFileCreation(maxWaitMs = 300_000): Promise<FileCreation> {
  const started = Date.now();
  let us = probeFileCreation();
  while (us > SLOW_US_PER_FILE && Date.now() - started < maxWaitMs) {
    progress(
      `creating a file takes ${us.toFixed(0)} µs (usually about 25): waiting for the file system's backlog to pass`,
    );
    await new Promise((r) => setTimeout(r, 15_000));
    us = probeFileCreation();
  }
  return { usPerFile: us, waitedMs: Date.now() - started, settled: us <= SLOW_US_PER_FILE };
}

/** The note a section adds about the probe. */
export function fileCreationNote(f: FileCreation): string {
  const waited = f.waitedMs >= 1000 ? `, after waiting ${(f.waitedMs / 1000).toFixed(0)} s for it` : '';
  return f.settled
    ? `Creating a small file took ${f.usPerFile.toFixed(0)} µs when the section began${waited}.`
    : `Creating a small file still took ${f.usPerFile.toFixed(0)} µs after waiting ${(f.waitedMs / 1000).toFixed(0)} s (usually about 25): the file system was busy with a backlog of deletions, and the runs' report files cost more than usual.`;
}
