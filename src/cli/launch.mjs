// `npm run conformance`: runs src/cli/conformance.ts under plain Node as one JavaScript bundle.
// Starting tsx costs more than everything the CLI itself does before Playwright starts (a second
// process, a loader thread, a hook round trip per module; BENCHMARKS.md, "The floor"), so the CLI and
// the modules it imports are bundled once with esbuild (the transformer tsx itself uses) into
// node_modules/.cache and rebuilt whenever one of them changes. The same build bundles the other
// entry points a run loads, for the same reason: the conformance reporter and the global setup (with
// the reference target it starts), loaded by Playwright's runner, and fixtures/worker.ts, loaded by
// each worker; Playwright does not transform what lies in
// node_modules, so each loads as one file instead of dozens of TypeScript modules through Playwright's
// loader hooks. Without esbuild, or if the cache cannot be written, the TypeScript runs under tsx
// (and Playwright) as before. This file is JavaScript so that Node runs it without any loader.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'src/cli/conformance.ts');
/** Bundle name → entry point. The CLI hands the other two to Playwright (reporter, worker module). */
const ENTRIES = {
  'conformance-cli': 'src/cli/conformance.ts',
  reporter: 'src/report/reporter.ts',
  worker: 'fixtures/worker.ts',
  'global-setup': 'src/run/global-setup.ts',
};
// One cache per checkout: several checkouts may share one node_modules (a link, a hoisted install).
// src/run/cache-dir.ts names the same directory for the TypeScript side.
const CACHE = join(ROOT, 'node_modules/.cache/cloud-api-conformance', createHash('sha256').update(ROOT).digest('hex').slice(0, 16));
const bundlePath = (name) => join(CACHE, `${name}.mjs`);
const BUNDLE = bundlePath('conformance-cli');
/** The bundled project files with the size and mtime each had when the bundles were built. */
const INPUTS = join(CACHE, 'bundles.inputs.json');
/** Part of the cache key: a different esbuild or bundle recipe rebuilds. */
const RECIPE = 4;

function stamp(file) {
  const s = statSync(join(ROOT, file));
  return [s.size, s.mtimeMs];
}

function bundleIsFresh(version) {
  try {
    const recorded = JSON.parse(readFileSync(INPUTS, 'utf8'));
    if (recorded.recipe !== RECIPE || recorded.esbuild !== version || recorded.root !== ROOT) return false;
    for (const [file, [size, mtimeMs]] of Object.entries(recorded.files)) {
      const [s, m] = stamp(file);
      if (s !== size || m !== mtimeMs) return false;
    }
    for (const name of Object.keys(ENTRIES)) statSync(bundlePath(name));
    return true;
  } catch {
    return false;
  }
}

/**
 * Each module keeps its own location: import.meta.* is replaced by the source file's, so paths the
 * modules derive from it (the repository root, package.json) are those of the sources, not the bundle.
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

async function buildBundle(esbuild, version) {
  const startedAt = Date.now();
  const result = await esbuild.build({
    entryPoints: ENTRIES,
    absWorkingDir: ROOT,
    bundle: true,
    // npm packages are bundled too: ESM output would hoist their imports and load them all at start,
    // also those only a rare path (--print-config, a fallback report) needs.
    platform: 'node',
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);" },
    format: 'esm',
    target: 'node20',
    // Functions keep their names (a check's run is named after its id; stack traces name it).
    keepNames: true,
    // Playwright stays one instance per process: the worker's `request` and the reporter's types must
    // be those of the Playwright that runs them.
    external: ['@playwright/test', '@playwright/test/*', 'playwright', 'playwright/*', 'playwright-core', 'playwright-core/*'],
    write: false,
    metafile: true,
    outdir: CACHE,
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
    plugins: [keepImportMeta],
  });
  const files = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = relative(ROOT, resolve(ROOT, input));
    files[file] = stamp(file);
  }
  mkdirSync(CACHE, { recursive: true });
  for (const output of result.outputFiles) {
    const tmp = `${output.path}.${process.pid}.tmp`;
    writeFileSync(tmp, output.contents);
    renameSync(tmp, output.path);
  }
  // A source saved while the bundle was being built may not be in it: leave the bundle unrecorded
  // so that the next run builds again.
  if (Object.values(files).every(([, mtimeMs]) => mtimeMs < startedAt)) {
    writeFileSync(`${INPUTS}.${process.pid}.tmp`, JSON.stringify({ recipe: RECIPE, esbuild: version, root: ROOT, files }));
    renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  }
}

/** The installed esbuild's version, read without loading esbuild (only a rebuild needs it). */
function esbuildVersion() {
  try {
    const require = createRequire(import.meta.url);
    return JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function loadCli() {
  const version = esbuildVersion();
  if (version) {
    try {
      if (!bundleIsFresh(version)) {
        const esbuild = await import('esbuild');
        await buildBundle(esbuild.default ?? esbuild, version);
      }
      const cli = await import(pathToFileURL(BUNDLE).href);
      return { ...cli, bundles: { reporter: bundlePath('reporter'), worker: bundlePath('worker'), globalSetup: bundlePath('global-setup') } };
    } catch {
      // a source that does not compile, or a cache that cannot be written: tsx says what is wrong
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(ENTRY).href);
}

try {
  const { main, EXIT, bundles } = await loadCli();
  process.exitCode = await main(process.argv.slice(2), bundles).catch((error) => {
    process.stderr.write(`conformance: ${error?.stack ?? String(error)}\n`);
    return EXIT.failed;
  });
} catch (error) {
  process.stderr.write(`conformance: ${error?.stack ?? String(error)}\n`);
  process.exitCode = 1;
}
