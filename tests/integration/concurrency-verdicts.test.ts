// Units run ahead of their tests, a few at a time (src/run/ahead.ts), must give the verdicts a
// sequential run gives: the whole catalog against the embedded reference target, clean and with
// defects that fail requirements of several families, run both ways and compared requirement by
// requirement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog, loadSchemas } from '../../src/catalog/load.ts';
import { connect } from '../../src/config/connect.ts';
import { loadConfiguration } from '../../src/config/load.ts';
import { runCatalog, type EngineRun } from '../../src/run/engine.ts';
import { startReferenceTarget } from '../../src/target/server.ts';
import { startDelayProxy } from '../../bench/lib/delay-proxy.ts';
import { osEnvFor } from '../../bench/lib/target.ts';

const catalog = loadCatalog();
const schemas = loadSchemas();

async function run(concurrency: number, defect?: string, delayMs?: number): Promise<EngineRun> {
  const target = await startReferenceTarget({ port: 0, ...(defect ? { defect } : {}) });
  // Every request delayed, as against a remote cloud: families then overlap for real (on loopback a
  // family often ends before the next one is admitted).
  const proxy = delayMs ? await startDelayProxy(target.baseUrl, { delayMs, lifetimeMs: 120_000 }) : undefined;
  try {
    const session = proxy
      ? await connect(
          loadConfiguration({
            env: osEnvFor(target.authUrl.replace(new URL(target.baseUrl).origin, proxy.url), target.credentials),
            dotenv: false,
          }),
          {},
        )
      : await connect(loadConfiguration({ env: {}, dotenv: false }), { embedded: target.login });
    return await runCatalog(catalog, schemas, { ...session, limits: { ...session.limits, concurrency } });
  } finally {
    await proxy?.close();
    await target.close();
  }
}

const verdicts = (r: EngineRun) =>
  new Map(r.results.map((x) => [x.requirementId, `${x.verdict}${x.reason ? `: ${x.reason}` : ''}`]));

describe('concurrent and sequential runs give the same verdicts', { timeout: 300_000 }, () => {
  const cases: { defect?: string; delayMs?: number }[] = [
    {},
    { defect: 'backups-next-link-self' },
    { defect: 'field-null@software-deployment-show' },
    { delayMs: 10 },
  ];
  for (const { defect, delayMs } of cases) {
    const name = `${defect ? `with the defect ${defect}` : 'on the clean target'}${delayMs ? `, every request delayed ${delayMs} ms` : ''}`;
    it(name, async () => {
      const sequential = await run(1, defect, delayMs);
      const concurrent = await run(4, defect, delayMs);
      assert.equal(sequential.peakUnits, 1);
      assert.ok(concurrent.peakUnits > 1, 'the concurrent run had more than one unit in flight');
      if (defect)
        assert.ok(
          sequential.results.some((r) => r.verdict === 'fail'),
          `the defect ${defect} fails something`,
        );
      const a = verdicts(sequential);
      const b = verdicts(concurrent);
      assert.equal(b.size, a.size);
      const differ = [...a]
        .filter(([id, v]) => b.get(id) !== v)
        .map(([id, v]) => `${id}: sequential ${v}, concurrent ${b.get(id)}`);
      assert.deepEqual(differ, []);
      assert.deepEqual(concurrent.cleanupProblems, sequential.cleanupProblems);
      assert.equal(concurrent.requests, sequential.requests);
    });
  }
});
