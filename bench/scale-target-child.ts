// `tsx bench/scale-target-child.ts --backups N`: the embedded target with N seeded backups in a
// process of its own, so the walker's memory is measured without the target's. Prints one JSON line
// (baseUrl, authUrl, credentials) once listening; stops when its standard input closes or on SIGTERM.
import { startTarget } from './lib/target.ts';

const i = process.argv.indexOf('--backups');
const backups = Number(process.argv[i + 1]);
if (i < 0 || !Number.isInteger(backups) || backups < 0) {
  console.error('usage: tsx bench/scale-target-child.ts --backups N');
  process.exit(2);
}
const target = await startTarget({ backups });
console.log(JSON.stringify({ baseUrl: target.baseUrl, authUrl: target.authUrl, credentials: target.credentials }));
const stop = () => {
  target.close().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
