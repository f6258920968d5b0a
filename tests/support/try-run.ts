import { randomBytes } from 'node:crypto';
import { startCanary } from './canary.ts';
import { startHostileServer, type Behaviour } from './hostile-server.ts';
import { runSuite } from './run-suite.ts';
const behaviour = (process.argv[2] ?? 'clean') as Behaviour;
const token = randomBytes(24).toString('base64url');
const canary = await startCanary({ secrets: () => [token] });
const server = await startHostileServer({ behaviour, token, otherHostUrl: canary.url });
const t0 = Date.now(); const run = await runSuite({ args: process.argv[3] ? ["--grep", process.argv[3]] : [], target: { token, projectId: server.projectId, endpoints: server.endpoints }, killAfterMs: 120_000,
  env: { CONFORMANCE_REQUEST_TIMEOUT_MS: '1500', CONFORMANCE_BUDGET_MS: '60000', CONFORMANCE_MAX_BODY_BYTES: '1000000', CONFORMANCE_MAX_PAGES: '20', CONFORMANCE_MAX_ITEMS: '200' } });
console.log(server.requests.map(r => (r.at - t0) + " " + r.method + " " + r.path.slice(0, 80)).join("\n")); console.log({ code: run.code, signal: run.signal, killed: run.killed, ms: run.elapsedMs, dir: run.dir, requests: server.requests.length, canary: canary.hits.length });
(await import("node:fs")).writeFileSync("/tmp/p/out-" + behaviour + ".txt", run.stdout + "\n---\n" + run.stderr); console.log(run.stdout.split("\n").filter(l => /\d+(ms|s)\)|passed|failed|flaky/.test(l)).join("\n").slice(0, 6000)); console.log(run.stderr.slice(-2000));
if (run.report) { const r = run.report; console.log(r.verdict, Object.keys(r)); for (const q of r.requirements.filter(q => q.verdict !== 'pass').slice(0, 40)) console.log(q.verdict, q.id, (q.failures?.[0]?.message ?? q.reason ?? '').slice(0, 200)); }
await server.close(); await canary.close();
