// Lets each bench script run on its own (`tsx bench/floor.ts [--quick]`) as well as from bench/run.ts.
import { fileURLToPath } from 'node:url';
import { printSection, type Section } from './section.ts';

export interface BenchOptions {
  quick: boolean;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  return { quick: argv.includes('--quick') };
}

export function isMain(metaUrl: string): boolean {
  return Boolean(process.argv[1]) && fileURLToPath(metaUrl) === process.argv[1];
}

export async function runAsMain(metaUrl: string, run: (o: BenchOptions) => Promise<Section>): Promise<void> {
  if (!isMain(metaUrl)) return;
  try {
    const section = await run(parseBenchArgs(process.argv.slice(2)));
    printSection(section);
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
}

/** A progress line on stderr, so a long bench shows where it is without cluttering its figures. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
