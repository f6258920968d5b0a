// Writes generated files atomically: every file goes to a temporary sibling first and is renamed
// into place only after all of them were written, so a failure never leaves a mix of old and new.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeOutputs(root: string, files: Map<string, string>): string[] {
  const changed: string[] = [];
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const [rel, content] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const target = join(root, rel);
      if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, content);
      staged.push({ tmp, target });
      changed.push(rel);
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.target);
  return changed;
}

/** Generated schema and OpenAPI files that the current catalog no longer produces. */
export function staleSchemas(root: string, files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [dir, ext] of [
    ['schemas', '.schema.json'],
    ['catalog/openapi', '.yaml'],
  ] as const) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    out.push(
      ...readdirSync(abs)
        .filter((f) => f.endsWith(ext))
        .map((f) => `${dir}/${f}`)
        .filter((rel) => !files.has(rel)),
    );
  }
  // The single document of five pages, before the catalog split its OpenAPI per service.
  if (existsSync(join(root, 'catalog/openapi.yaml')) && !files.has('catalog/openapi.yaml'))
    out.push('catalog/openapi.yaml');
  return out.sort();
}
