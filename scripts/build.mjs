// `npm run build` (also run by `npm ci`/`npm install`, as `prepare`): bundles each entry point a run
// loads into dist/ with esbuild, so that Node and Playwright load one JavaScript file per process
// instead of dozens of TypeScript modules through a loader (tsx's or Playwright's hooks cost more
// than everything the CLI does before Playwright starts; BENCHMARKS.md, "The floor"):
//   dist/conformance.mjs   the CLI (`npm run conformance`)
//   dist/reporter.mjs      the conformance reporter, in Playwright's runner
//   dist/global-setup.mjs  global setup, with the reference target it starts
//   dist/worker.mjs        the worker state, loaded by the fixtures in each worker
// dist/inputs.json records what the bundles were built from; a run whose sources changed since is
// refused with "run npm run build" (src/run/build.ts), never run on stale code. Nothing is rebuilt
// behind the user's back. This file is JavaScript so that Node runs it without any loader.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const ENTRIES = {
  conformance: 'src/cli/main.ts',
  reporter: 'src/run/reporter.ts',
  'global-setup': 'src/run/global-setup.ts',
  worker: 'src/run/worker.ts',
};

/**
 * Each module keeps its own location: import.meta.* is replaced by the source file's, so paths the
 * modules derive from it (the repository root, package.json, the catalog) are those of the sources.
 */
const keepImportMeta = {
  name: 'keep-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: 'ts' };
    });
  },
};

const result = await esbuild.build({
  entryPoints: ENTRIES,
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  // npm packages are bundled too; CommonJS ones need a require.
  banner: {
    js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);",
  },
  format: 'esm',
  target: 'node20',
  // Functions keep their names (a check's run is named after its id; stack traces name it).
  keepNames: true,
  // Playwright stays one instance per process: the worker's `request` and the reporter's types must
  // be those of the Playwright that runs them.
  external: [
    '@playwright/test',
    '@playwright/test/*',
    'playwright',
    'playwright/*',
    'playwright-core',
    'playwright-core/*',
  ],
  write: false,
  metafile: true,
  outdir: DIST,
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  plugins: [keepImportMeta],
});

const files = {};
for (const input of Object.keys(result.metafile.inputs)) {
  const file = relative(ROOT, resolve(ROOT, input));
  if (file.startsWith('node_modules/')) continue;
  const { size, mtimeMs } = statSync(join(ROOT, file));
  files[file] = {
    size,
    mtimeMs,
    sha256: createHash('sha256')
      .update(readFileSync(join(ROOT, file)))
      .digest('hex'),
  };
}
rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
const inputs = join(DIST, 'inputs.json');
writeFileSync(`${inputs}.tmp`, JSON.stringify({ esbuild: esbuild.version, files }, null, 1));
renameSync(`${inputs}.tmp`, inputs);
