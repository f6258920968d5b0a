// `npm run generate -- --draft`: a proposed decision for every contradiction no decision answers yet,
// so a page new to the project runs end to end at once. One draft per (kind, service): it quotes the
// first two places the contradiction was seen (checked like any evidence), lists every pair it
// covers, takes treatment `warn` and is marked unreviewed; reports mark the verdicts resting on it.
// Reviewing means moving it to specs/decisions.yaml with a decision of one's own.
import { stringify } from 'yaml';
import type { Evidence, Operation } from '../catalog/model.ts';
import type { DecisionEntry } from './decisions.ts';
import type { Detection } from './detect.ts';

export function draftDecisions(
  undecided: Detection[],
  ops: Operation[],
  texts: Map<string, Map<number, string[]>>,
  existing: DecisionEntry[],
): DecisionEntry[] {
  const groups = new Map<string, Detection[]>();
  const services = new Map(ops.map((o) => [o.id, o.service]));
  const serviceOf = (id: string) => services.get(id) ?? 'any';
  for (const d of undecided) {
    const key = `${d.kind} ${serviceOf(d.operation)}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
  }
  const taken = new Set(existing.map((d) => d.id));
  const out: DecisionEntry[] = [];
  for (const [key, dets] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, service] = key.split(' ') as [string, string];
    let id = `draft-${kind}-${service}`;
    for (let n = 2; taken.has(id); n++) id = `draft-${kind}-${service}-${n}`;
    taken.add(id);
    const evidence: Evidence[] = [];
    for (const d of dets) {
      const quote = quoteAt(texts, d.doc, d.line);
      if (quote && !evidence.some((e) => e.doc === d.doc && e.line === d.line))
        evidence.push({ doc: d.doc, line: d.line, quote });
      if (evidence.length === 2) break;
    }
    if (evidence.length < 2) {
      // One place only: the other side is the operation's URI line.
      const d = dets[0]!;
      const op = ops.find((o) => o.id === d.operation) ?? ops.find((o) => o.doc === d.doc);
      const line = op?.source.line ?? 1;
      const quote = quoteAt(texts, op?.doc ?? d.doc, line) ?? '';
      evidence.push({ doc: op?.doc ?? d.doc, line, quote });
    }
    const pairs = [
      ...new Map(
        dets.map((d) => [`${d.operation} ${d.subject}`, { operation: d.operation, subject: d.subject }]),
      ).values(),
    ];
    out.push({
      id,
      title:
        `Proposed, not reviewed: ${kind} on ${dets.length} place(s) of ${service} pages (${dets[0]!.message})`.slice(
          0,
          300,
        ),
      reviewed: false,
      evidence,
      decision: `Not reviewed. Proposed by npm run generate -- --draft so the pages run end to end: departures on these points are warnings until someone decides them in specs/decisions.yaml. First seen: ${dets[0]!.doc}:${dets[0]!.line}: ${dets[0]!.message}`,
      treatment: 'warn',
      appliesTo: pairs,
      kinds: [kind],
      apply: [],
      line: 1,
    });
  }
  return out;
}

function quoteAt(texts: Map<string, Map<number, string[]>>, doc: string, line: number): string | undefined {
  const candidates = texts.get(doc)?.get(line) ?? [];
  const text = (candidates[candidates.length - 1] ?? candidates[0] ?? '').trim();
  return text === '' ? undefined : text.slice(0, 120);
}

export function renderDrafts(drafts: DecisionEntry[]): string {
  const header = [
    '# Proposed decisions, written by npm run generate -- --draft; NOT REVIEWED.',
    '# Each answers contradictions no decision in specs/decisions.yaml answers, with treatment warn, so the',
    '# pages run end to end; reports mark the verdicts resting on them. Review one by moving it to',
    '# specs/decisions.yaml with a decision of your own; delete this file when it is empty.',
  ].join('\n');
  const decisions = drafts.map((d) => ({
    id: d.id,
    title: d.title,
    reviewed: false,
    kinds: d.kinds,
    evidence: d.evidence,
    decision: d.decision,
    treatment: d.treatment,
    appliesTo: d.appliesTo,
  }));
  return `${header}\n${stringify({ decisions }, { lineWidth: 0 })}`;
}
