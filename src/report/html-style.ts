// The report's only stylesheet, inlined: the file must open offline and print legibly in black and
// white, so every verdict is a word in a bordered badge, never a colour alone.
export const STYLE = `
:root { --fail:#b00020; --pass:#1b6e20; --warn:#8a5a00; --muted:#5f6368; --line:#d0d4d9; --bg-fail:#fdecee; --bg-warn:#fff6e0; --bg-pass:#eef7ef; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px; color:#202124; }
h1 { font-size: 24px; margin: 0 0 8px; } h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { white-space: pre-wrap; word-break: break-all; background:#f6f8fa; border:1px solid var(--line); padding:6px 8px; margin:4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f1f3f4; }
.muted { color: var(--muted); font-size: 12px; }
.verdict-banner { display:inline-block; font-weight:700; font-size:18px; padding:4px 12px; border:2px solid currentColor; border-radius:4px; }
.verdict-conforming { color: var(--pass); } .verdict-non-conforming { color: var(--fail); } .verdict-incomplete { color: var(--warn); }
.badge { display:inline-block; min-width: 5.5em; text-align:center; font-size:11px; font-weight:700; text-transform:uppercase; border:1px solid currentColor; border-radius:3px; padding:0 4px; margin-right:4px; }
.v-pass { color: var(--pass); } .v-fail { color: var(--fail); } .v-warn { color: var(--warn); }
.v-waived, .v-not-applicable, .v-skipped, .v-not-tested { color: var(--muted); }
tr.row-fail > td { background: var(--bg-fail); } tr.row-warn > td { background: var(--bg-warn); }
ul.reqs { list-style:none; margin:0; padding:0; } ul.reqs > li { margin: 2px 0 6px; }
.failure { border-left: 3px solid var(--fail); padding: 2px 0 2px 8px; margin: 4px 0; }
.failure .label { font-weight: 700; display:inline-block; min-width: 6.5em; }
.method { font-family: ui-monospace, monospace; font-weight:700; border:1px solid currentColor; padding:0 4px; border-radius:3px; }
.summary-grid { display:flex; gap:24px; flex-wrap:wrap; align-items:flex-start; }
.summary-grid > div { flex: 1 1 300px; }
.score { font-size: 28px; font-weight: 700; }
nav ol { columns: 2; column-gap: 3.5em; }
nav li { break-inside: avoid; overflow-wrap: anywhere; }
.untested { border-left: 4px solid #b58900; padding: 0.3em 0.6em; background: #fdf6e3; }
blockquote { margin: 4px 0; padding: 2px 10px; border-left: 3px solid var(--line); color: #3c4043; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  section.operation, section.decision { break-inside: auto; }
  tr, .failure { break-inside: avoid; }
  tr.row-fail > td, tr.row-warn > td { background: none; }
  a { color: inherit; text-decoration: none; }
}
`;
