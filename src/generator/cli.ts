// npm run generate: pages → catalog/catalog.yaml, catalog/openapi.yaml, schemas/*.schema.json,
// docs/operations.md. `--check` writes nothing and exits 1 when a committed output differs;
// `--root <dir>` generates for another checkout (the tests use a temporary copy). `--draft` proposes an
// unreviewed decision (treatment warn) for each undecided contradiction in specs/decisions-draft.yaml
// instead of refusing them; plain generate refuses undecided contradictions.
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UndecidedError } from './decisions.ts';
import { generate } from './generate.ts';
import { PageError } from './page-error.ts';
import { staleSchemas, writeOutputs } from './write-outputs.ts';

async function main(): Promise<number> {
  const rootFlag = process.argv.indexOf('--root');
  const root = rootFlag >= 0 && process.argv[rootFlag + 1] ? process.argv[rootFlag + 1]! : process.cwd();
  const check = process.argv.includes('--check');
  const draft = process.argv.includes('--draft');
  try {
    const { files, catalog, drafted } = await generate({ root, draft });
    const stale = staleSchemas(root, files);
    if (check) {
      const differ = [...files.entries()]
        .filter(([rel, content]) => !existsSync(join(root, rel)) || readFileSync(join(root, rel), 'utf8') !== content)
        .map(([rel]) => rel);
      for (const rel of [...differ, ...stale]) console.error(`out of date: ${rel}`);
      return differ.length + stale.length > 0 ? 1 : 0;
    }
    const changed = writeOutputs(root, files);
    for (const rel of stale) rmSync(join(root, rel));
    const unreviewed = catalog.decisions.filter((d) => !d.reviewed);
    if (drafted.length > 0)
      console.error(
        `generate --draft: ${drafted.length} proposed decision(s) written to specs/decisions-draft.yaml, NOT REVIEWED`,
      );
    if (unreviewed.length > 0)
      console.error(
        `generate: ${unreviewed.length} decision(s) not reviewed: ${unreviewed.map((d) => d.id).join(', ')}`,
      );
    console.log(
      `catalog ${catalog.version.slice(0, 12)}: ${catalog.operations.length} operations, ${catalog.requirements.length} requirements, ${catalog.decisions.length} decisions; ${changed.length + stale.length} file(s) changed`,
    );
    return 0;
  } catch (e) {
    if (e instanceof PageError) {
      console.error(e.message);
      return 1;
    }
    if (e instanceof UndecidedError) {
      console.error(`generate: ${e.lines.length} contradiction(s) without a decision:`);
      for (const l of e.lines) console.error(l);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main();
