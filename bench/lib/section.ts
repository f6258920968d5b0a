// What each bench script hands back: its figures, its ratios against their goals, and notes on
// causes. Printed to the terminal and rendered into BENCHMARKS.md by bench/run.ts.

export interface Ratio {
  name: string;
  value: number;
  /** The goal as written in the issue (`≤ 1.5`). */
  goal: string;
  /** Undefined when there is no goal (an informative ratio). */
  met?: boolean;
}

export interface Table {
  caption?: string;
  header: string[];
  rows: string[][];
}

export interface Section {
  id: string;
  title: string;
  /** How to reproduce this section on its own. */
  command: string;
  tables: Table[];
  ratios: Ratio[];
  notes: string[];
  /** Set when the section could not run (a dependency missing): the reason, shown instead of figures. */
  skipped?: string;
  /** Load averages while the section ran, and the share of the CPU other processes used (the bench's own excluded). */
  load?: { before: number; mean: number; max: number; other?: number };
}

export function atMost(name: string, value: number, limit: number): Ratio {
  return { name, value, goal: `≤ ${limit}`, met: value <= limit };
}

export function approx(name: string, value: number, target: number, tolerance: number): Ratio {
  return { name, value, goal: `≈ ${target} (±${tolerance})`, met: Math.abs(value - target) <= tolerance };
}

export function info(name: string, value: number): Ratio {
  return { name, value, goal: '—' };
}

function verdict(r: Ratio): string {
  if (r.met === undefined) return '';
  return r.met ? 'met' : 'NOT met';
}

export function renderTable(t: Table): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`| ${t.header.map(esc).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`];
  for (const row of t.rows) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return (t.caption ? `${t.caption}\n\n` : '') + lines.join('\n');
}

export function renderSection(s: Section): string {
  const parts = [`## ${s.title}`, '', `\`${s.command}\``, ''];
  if (s.skipped) {
    parts.push(`Not measured: ${s.skipped}`, '');
    return parts.join('\n');
  }
  for (const t of s.tables) parts.push(renderTable(t), '');
  if (s.ratios.length) {
    parts.push(
      renderTable({
        header: ['ratio', 'value', 'goal', 'verdict'],
        rows: s.ratios.map((r) => [r.name, r.value.toFixed(2), r.goal, verdict(r)]),
      }),
      '',
    );
  }
  for (const n of s.notes) parts.push(`- ${n}`);
  if (s.notes.length) parts.push('');
  return parts.join('\n');
}

/** Terminal form: the same content, as plain text. */
export function printSection(s: Section): void {
  console.log(`\n${renderSection(s)}`);
}
