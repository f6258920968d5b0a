// The bundles `npm run build` writes (scripts/build.mjs), and whether they are still those of the
// sources: a run on stale bundles would test code nobody sees, so it is refused with the command that
// fixes it. Sizes and times are compared first; a file whose time alone changed (a checkout) is
// compared by its content.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Not the catalog loader's REPO_ROOT: the Playwright config and the fixtures load this module through
// Playwright's TypeScript hooks in every process, and it should bring in nothing else.
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export type BundleName = 'conformance' | 'reporter' | 'global-setup' | 'worker';

export function bundlePath(name: BundleName, root: string = REPO_ROOT): string {
  return join(root, 'dist', `${name}.mjs`);
}

interface Recorded {
  files: Record<string, { size: number; mtimeMs: number; sha256: string }>;
}

/** Why the bundles cannot be used (missing, or a source changed since), or undefined when they can. */
export function staleBuild(root: string = REPO_ROOT): string | undefined {
  let recorded: Recorded;
  try {
    recorded = JSON.parse(readFileSync(join(root, 'dist', 'inputs.json'), 'utf8')) as Recorded;
  } catch {
    return 'dist/ has not been built; run npm run build';
  }
  for (const [file, was] of Object.entries(recorded.files)) {
    let size: number, mtimeMs: number;
    try {
      ({ size, mtimeMs } = statSync(join(root, file)));
    } catch {
      return `${file}, which dist/ was built from, is gone; run npm run build`;
    }
    if (size === was.size && mtimeMs === was.mtimeMs) continue;
    if (
      size === was.size &&
      createHash('sha256')
        .update(readFileSync(join(root, file)))
        .digest('hex') === was.sha256
    )
      continue;
    return `${file} changed since dist/ was built; run npm run build`;
  }
  return undefined;
}
