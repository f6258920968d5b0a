// The text a person reads for one failure: Received / Documented / Source / Reproduce.
import type { Failure } from '../results/model.ts';

export function formatFailure(f: Failure): string {
  const lines = [f.message];
  if (f.received !== undefined) lines.push(`Received: ${f.received}`);
  if (f.documented !== undefined) lines.push(`Documented: ${f.documented}`);
  if (f.source) lines.push(`Source: ${f.source.doc} › ${f.source.table} › ${f.source.row} (line ${f.source.line})`);
  if (f.reproduce) lines.push(`Reproduce: ${f.reproduce}`);
  return lines.join('\n');
}
