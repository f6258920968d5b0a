// `tsx bench/profile-run.ts OUT_DIR [playwright args…]`: one direct Playwright run of the suite
// against a fresh embedded target with every process writing a CPU profile into OUT_DIR; summarise
// with bench/profile-summary.ts.
import { profiledSuiteRun } from './lib/profiled-run.ts';

const [out, ...extra] = process.argv.slice(2);
if (!out) {
  console.error('usage: tsx bench/profile-run.ts OUT_DIR [playwright args…]');
  process.exit(2);
}
const r = await profiledSuiteRun(out, extra);
console.log(`exit ${r.code} in ${r.wallMs.toFixed(0)} ms`);
