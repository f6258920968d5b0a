// The one failure formatter: the Schemathesis-shaped block a person acts on (Received / Documented /
// Source / Reproduce), shared by the test wiring (a failed test's message) and every text report.
import type { Source } from '../catalog/model.ts';
import type { Failure } from './model.ts';

/** `doc › table › row (line N)`, empty parts left out. */
export function citation(source: Source): string {
  const parts = [source.doc, source.table, source.row].filter((p) => p && p.trim() !== '');
  return `${parts.join(' › ')} (line ${source.line})`;
}

export function failureLines(failure: Failure): string[] {
  const lines = [failure.message];
  if (failure.received !== undefined) lines.push(`Received: ${failure.received}`);
  if (failure.documented !== undefined) lines.push(`Documented: ${failure.documented}`);
  if (failure.source) lines.push(`Source: ${citation(failure.source)}`);
  if (failure.reproduce) lines.push(`Reproduce: ${failure.reproduce}`);
  return lines;
}
