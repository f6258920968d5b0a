// decisions.yaml for a synthetic page set: every decision that applies to a real page's operation
// applies to that page's variations too, as a real catalog of that many pages would have.
import { parse, stringify } from 'yaml';

interface DecisionYaml {
  appliesTo?: { operation: string; subject: string }[];
  apply?: { operation: string }[];
}

/** Copies each decision's appliesTo and apply entries from a base operation to its variations. */
export function extendDecisions(text: string, variations: Map<string, string[]>): string {
  const doc = parse(text) as { decisions: DecisionYaml[] };
  for (const d of doc.decisions) {
    const applies = d.appliesTo ?? [];
    d.appliesTo = [
      ...applies,
      ...applies.flatMap((a) => (variations.get(a.operation) ?? []).map((operation) => ({ ...a, operation }))),
    ];
    const acts = d.apply ?? [];
    if (acts.length)
      d.apply = [
        ...acts,
        ...acts.flatMap((a) => (variations.get(a.operation) ?? []).map((operation) => ({ ...a, operation }))),
      ];
  }
  // No anchors: the copies share arrays, and the generator reads each entry on its own.
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
