// Temporary folders of the bench are removed when the bench ends, not as each run is done. On the
// machine BENCHMARKS.md was written on (ext4, mounted with online `discard`), a run's thousands of
// report files made within a few minutes after thousands of others were deleted cost up to seconds of
// system time: the bench's own doing, not the run's (bench/lib/file-creation.ts waits for it to pass).
// `npm run bench` names a list file (CAC_BENCH_LEFTOVERS) that its child processes append to; a
// section run alone removes its folders when its process exits.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';

export const LEFTOVERS_ENV = 'CAC_BENCH_LEFTOVERS';
const local = new Set<string>();

/** Removes `dir` when the bench ends (the whole bench under npm run bench, else this process). */
export function removeLater(dir: string): void {
  const list = process.env[LEFTOVERS_ENV];
  if (list) {
    appendFileSync(list, `${dir}\n`);
    return;
  }
  if (local.size === 0) process.once('exit', () => local.forEach((d) => rmSync(d, { recursive: true, force: true })));
  local.add(dir);
}

/** Removes every folder listed in `list`, then the list. */
export function removeListed(list: string): void {
  if (!existsSync(list)) return;
  for (const dir of readFileSync(list, 'utf8').split('\n').filter(Boolean))
    rmSync(dir, { recursive: true, force: true });
  rmSync(list, { force: true });
}

/** The environment entry that makes a child process of the bench leave its folders to the bench's end. */
export function leftoversEnv(): Record<string, string> {
  const list = process.env[LEFTOVERS_ENV];
  return list ? { [LEFTOVERS_ENV]: list } : {};
}
