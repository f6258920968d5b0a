// Secrets cross process boundaries through one file: the session (in a Playwright worker) records each
// token it obtains; the reporter (in the runner) reads them all at write time and masks them. The file
// lives in a private 0700 directory the CLI creates and removes, and is never part of any report.
import { appendFileSync, readFileSync } from 'node:fs';

export function recordSecrets(file: string | undefined, secrets: readonly string[]): void {
  if (!file) return;
  const lines = secrets.filter((s) => typeof s === 'string' && s.length > 0);
  // Base64 keeps a secret with odd characters on one line.
  if (lines.length > 0)
    appendFileSync(file, lines.map((s) => Buffer.from(s, 'utf8').toString('base64') + '\n').join(''), { mode: 0o600 });
}

export function readRecordedSecrets(file: string | undefined): string[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => Buffer.from(line, 'base64').toString('utf8'))
    .filter(Boolean);
}
