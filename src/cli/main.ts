// `npm run conformance` runs this, bundled (`node dist/conformance.mjs`, built by `npm run build`):
// refuses bundles older than their sources, then runs the CLI and exits with its code.
import { staleBuild } from '../run/build.ts';
import { EXIT, main } from './conformance.ts';

const stale = staleBuild();
if (stale) {
  process.stderr.write(`conformance: ${stale}\n`);
  process.exitCode = EXIT.usage;
} else {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`conformance: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failed;
  });
}
