// The yaml package, loaded on first use. Most runs read no YAML at all (the catalog has a JSON twin, a
// clouds.yaml or waivers file is the exception), and in every process of a run its 250 KB of code cost
// more to load than anything the run does with it (BENCHMARKS.md, "The floor").
import { createRequire } from 'node:module';

let loaded: typeof import('yaml') | undefined;

export function yaml(): typeof import('yaml') {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return loaded;
}
