// `tsx bench/profile-summary.ts DIR [TOP]`: self time per script bucket and per function over the
// .cpuprofile files in DIR (see bench/profile-run.ts), so a missed goal can name its cause.
import { summarise, top } from './lib/profile.ts';

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const dir = process.argv[2];
  const n = Number(process.argv[3] ?? 25);
  if (!dir) {
    console.error('usage: tsx bench/profile-summary.ts DIR [TOP]');
    process.exit(2);
  }
  const t = summarise(dir);
  for (const f of t.files)
    console.log(
      `${f.file}: wall ${f.wallMs.toFixed(0)} ms, busy ${f.busyMs.toFixed(0)} ms, idle ${f.idleMs.toFixed(0)} ms`,
    );
  console.log('\nself time by script:');
  for (const [k, v] of top(t.byScript, n)) console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
  console.log('\nself time by function:');
  for (const [k, v] of top(t.byFunction, n)) console.log(`${v.toFixed(0).padStart(7)} ms  ${k}`);
}
