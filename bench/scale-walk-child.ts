// `tsx bench/scale-walk-child.ts --target JSON --limit L [--transport playwright|guard]`
// `tsx bench/scale-walk-child.ts --target JSON --validate [--items N]`
// A fresh process per measurement, so its peak RSS is its own. Walk mode: the suite's own pagination
// walk (src/checks/walk.ts) through the suite's own client (src/http/client.ts) and, by default, the
// transport the suite's tests use (Playwright's APIRequestContext), over every backup. Validate mode:
// the suite's schema validation (SchemaRegistry, one strict Ajv2020 instance) against a bare compiled
// ajv validate on the same parsed pages. Prints one JSON line.
import { request } from '@playwright/test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { performance } from 'node:perf_hooks';
import { loadCatalog, loadSchemas } from '../src/catalog/load.ts';
import { SchemaRegistry } from '../src/checks/ajv.ts';
import { walk } from '../src/checks/walk.ts';
import { TargetClient, type ClientSession } from '../src/http/client.ts';
import { GuardedTransport } from '../src/http/guard-transport.ts';
import type { Transport } from '../src/http/model.ts';
import { PlaywrightTransport } from '../src/http/playwright-transport.ts';
import { DEFAULT_LIMITS } from '../src/session/model.ts';
import { login } from './lib/keystone.ts';
import type { Credentials } from './lib/target.ts';

const applyFormats = ((addFormats as unknown as { default?: typeof addFormats.default }).default ??
  addFormats) as typeof addFormats.default;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const target = JSON.parse(arg('--target') ?? 'null') as { authUrl: string; credentials: Credentials } | null;
if (!target) throw new Error('--target JSON is required');
const auth = await login(target.authUrl, target.credentials);
const endpoint = auth.endpoint('block-storage');

if (process.argv.includes('--validate')) {
  const wanted = Number(arg('--items') ?? 10_000);
  const pages: unknown[] = [];
  let items = 0;
  let url: string | undefined = `${endpoint}/backups?limit=1000`;
  while (url && items < wanted) {
    const res = await fetch(url, { headers: { 'X-Auth-Token': auth.token }, signal: AbortSignal.timeout(30_000) });
    const body = (await res.json()) as { backups: unknown[]; backups_links?: { rel: string; href: string }[] };
    pages.push(body);
    items += body.backups.length;
    url = body.backups_links?.find((l) => l.rel === 'next')?.href;
  }
  const op = loadCatalog().operations.find((o) => o.id === 'backup-list');
  const id = op?.schemas.response;
  if (!id) throw new Error('the catalog has no response schema for backup-list');
  const schemas = loadSchemas();
  const suite = new SchemaRegistry(schemas);
  // Bare ajv: defaults (first error only, unknown x- keywords ignored), formats added, nothing else.
  const raw = new Ajv2020({ strict: false });
  applyFormats(raw);
  for (const s of schemas) raw.addSchema(s);
  const rawValidate = raw.getSchema(id)!;
  const time = (fn: (page: unknown) => void, rounds: number) => {
    const t = performance.now();
    for (let r = 0; r < rounds; r++) for (const p of pages) fn(p);
    return (performance.now() - t) / rounds;
  };
  let errors = 0;
  const suiteFn = (p: unknown) => {
    errors += suite.validate(id, p).length;
  };
  const rawFn = (p: unknown) => {
    if (!rawValidate(p)) errors++;
  };
  // Warm both up, then alternate so drift on a shared machine hits both alike. Each sample validates
  // every page 40 times (tens of ms), long enough that one preemption does not decide it.
  time(suiteFn, 10);
  time(rawFn, 10);
  const suiteMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < 9; i++) {
    suiteMs.push(time(suiteFn, 40));
    rawMs.push(time(rawFn, 40));
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  console.log(
    JSON.stringify({
      items,
      pages: pages.length,
      errors,
      suiteMsPerItem: med(suiteMs) / items,
      rawMsPerItem: med(rawMs) / items,
    }),
  );
} else {
  const limit = Number(arg('--limit'));
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit N is required');
  const kind = arg('--transport') ?? 'playwright';
  const context = kind === 'playwright' ? await request.newContext({ maxRedirects: 0 }) : undefined;
  const transport: Transport = context ? new PlaywrightTransport(context, true) : new GuardedTransport();
  const session: ClientSession = {
    endpoints: { 'block-storage': endpoint },
    authUrl: target.authUrl,
    authHeaders: async () => ({ 'X-Auth-Token': auth.token }),
    secrets: () => [auth.token],
    limits: DEFAULT_LIMITS,
  };
  const client = new TargetClient(session, transport);
  const get = (url: string) => client.send({ method: 'GET', url });
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const first = await get(`${endpoint}/backups?limit=${limit}`);
  const result = await walk(first, get, {
    itemsKey: 'backups',
    linksKey: 'backups_links',
    rel: 'next',
    limit,
    maxPages: DEFAULT_LIMITS.maxPages,
    maxItems: DEFAULT_LIMITS.maxItems,
    sameTarget: (u) => client.isTargetUrl(u),
  });
  const ms = performance.now() - t0;
  await transport.close();
  console.log(
    JSON.stringify({
      limit,
      transport: kind,
      ms,
      items: result.ids.size,
      pages: result.pages,
      problems: result.problems.length,
      cutShort: result.cutShort,
      rssBefore,
      maxRss: process.resourceUsage().maxRSS * 1024,
    }),
  );
}
