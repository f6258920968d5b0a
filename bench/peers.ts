// A peer side by side: Stoplight Prism's validation proxy, fed with catalog/openapi/<service>.yaml, sees the
// very requests a full conformance run makes (recorded once, replayed through one Prism proxy per
// service) against the embedded target, clean and with defect switches; the suite itself runs
// against the same target configurations. One table: time per check and defects caught.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { failIfBad, lastJsonLine, runTsx, ROOT } from './lib/child.ts';
import { conformanceAvailable, runConformance } from './lib/conformance.ts';
import { progress, runAsMain, type BenchOptions } from './lib/main.ts';
import { ensurePeers, responseFindingKeys, startPrismProxy, type PrismProxy } from './lib/prism.ts';
import type { ReplayResult } from './lib/replay.ts';
import type { Section } from './lib/section.ts';
import { fmtMs } from './lib/stats.ts';
import { osEnvFor, startTarget, targetAvailable } from './lib/target.ts';
import { recordConformanceRun } from './floor.ts';

/** Path prefixes of the target's three services (its Keystone catalog); one Prism proxy each, fed with that service's OpenAPI document. */
export const SERVICE_PREFIXES = ['/heat-api', '/image', '/volume'];
const OPENAPI_OF: Record<string, string> = {
  '/heat-api': join(ROOT, 'catalog/openapi/orchestration.yaml'),
  '/image': join(ROOT, 'catalog/openapi/image.yaml'),
  '/volume': join(ROOT, 'catalog/openapi/block-storage.yaml'),
};
export const OPENAPI = OPENAPI_OF['/heat-api']!;

/** One defect per kind a schema-driven peer could be expected to see, and some it cannot. */
export const PEER_DEFECTS: { name: string; kind: string }[] = [
  { name: 'deployment-id-not-string', kind: 'field type' },
  { name: 'image-size-as-string', kind: 'field type' },
  { name: 'image-impossible-date', kind: 'timestamp' },
  { name: 'deployment-time-space-separator', kind: 'timestamp' },
  { name: 'deployment-status-lowercase', kind: 'enum' },
  { name: 'image-missing-status', kind: 'missing field' },
  { name: 'backups-next-link-repeats', kind: 'pagination' },
  { name: 'deployment-create-201', kind: 'status code' },
  { name: 'content-type-text-plain', kind: 'header' },
];

interface PrismRun {
  startMs: number;
  replay: ReplayResult & { collected: { index: number; value: string }[] };
  findings: Set<string>;
}

async function prismRun(recording: string, defect: string | undefined): Promise<PrismRun> {
  const target = await startTarget(defect ? { defect } : {});
  const origin = new URL(target.baseUrl).origin;
  const proxies: PrismProxy[] = [];
  try {
    const t0 = performance.now();
    proxies.push(...(await Promise.all(SERVICE_PREFIXES.map((p) => startPrismProxy(OPENAPI_OF[p]!, origin + p)))));
    const startMs = performance.now() - t0;
    const routes = SERVICE_PREFIXES.flatMap((p, i) => ['--route', `${p}=${proxies[i]!.origin}`]);
    const res = failIfBad(
      'replay through prism',
      await runTsx(
        join(ROOT, 'bench/replay-child.ts'),
        ['--records', recording, ...routes, '--route', `=${origin}`, '--collect-header', 'sl-violations'],
        // Its result line carries every violation Prism reported: far more than the default tail kept.
        { timeoutMs: 600_000, keep: 64 * 1024 * 1024 },
      ),
    );
    const replay = lastJsonLine<PrismRun['replay']>(res.stdout);
    return { startMs, replay, findings: responseFindingKeys(replay.collected) };
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    await target.close();
  }
}

/** Requests that went through Prism (the Keystone ones go straight to the target). */
function validatedCount(records: { url: string }[]): number {
  return records.filter((r) => SERVICE_PREFIXES.some((p) => r.url.startsWith(`${p}/`))).length;
}

export async function run(opts: BenchOptions): Promise<Section> {
  const section: Section = {
    id: 'peers',
    title: 'A peer side by side: Stoplight Prism 5.14.2 validation proxy',
    command: 'npx tsx bench/peers.ts',
    tables: [],
    ratios: [],
    notes: [],
  };
  const missing =
    targetAvailable() ??
    conformanceAvailable() ??
    (Object.values(OPENAPI_OF).every((f) => existsSync(f)) ? undefined : 'catalog/openapi/ has not been generated');
  if (missing) return { ...section, skipped: missing };
  await ensurePeers();
  const defects = opts.quick ? PEER_DEFECTS.slice(0, 5) : PEER_DEFECTS;

  const rec = await recordConformanceRun();
  const validated = validatedCount(rec.records);
  const rows: string[][] = [];
  let oursCaught = 0;
  let prismCaught = 0;
  let clean: PrismRun | undefined;
  for (const d of [undefined, ...defects]) {
    const target = await startTarget(d ? { defect: d.name } : {});
    let ours;
    try {
      ours = await runConformance(osEnvFor(target.authUrl, target.credentials));
    } finally {
      await target.close();
    }
    if (ours.timedOut) throw new Error(`conformance run with ${d?.name ?? 'clean'} timed out`);
    const prism = await prismRun(rec.file, d?.name);
    if (!d) clean = prism;
    const newFindings = [...prism.findings].filter((k) => !clean!.findings.has(k));
    // Caught: the run failed (a MUST requirement failed), or, short of that, a SHOULD requirement
    // failed in conformance.json; the table says which.
    const oursFound = ours.code !== 0 || (ours.report?.failed ?? 0) > 0;
    const prismFound = d ? newFindings.length > 0 : prism.findings.size > 0;
    progress(
      `peers: ${d?.name ?? 'clean'}: ours exit ${ours.code} in ${fmtMs(ours.wallMs)}; Prism ${prism.findings.size} response findings`,
    );
    if (d && oursFound) oursCaught++;
    if (d && prismFound) prismCaught++;
    const checks = ours.report?.results ?? 0;
    rows.push([
      d ? `${d.name} (${d.kind})` : 'clean target',
      d
        ? ours.code !== 0
          ? `caught: exit ${ours.code}, ${ours.report?.failedMust ?? '?'} MUST + ${(ours.report?.failed ?? 0) - (ours.report?.failedMust ?? 0)} SHOULD requirements failed`
          : oursFound
            ? `caught at SHOULD only: exit 0, ${ours.report?.failed} SHOULD requirements failed`
            : 'missed'
        : ours.code === 0 && !ours.report?.failed
          ? 'no failure'
          : `FALSE ALARM (exit ${ours.code}, ${ours.report?.failed ?? '?'} failed)`,
      checks ? `${fmtMs(ours.wallMs)} / ${checks} = ${fmtMs(ours.wallMs / checks)}` : fmtMs(ours.wallMs),
      d
        ? prismFound
          ? `caught (${newFindings.length} new findings)`
          : 'missed'
        : prism.findings.size
          ? `${prism.findings.size} findings on the clean target`
          : 'no finding',
      `${fmtMs(prism.replay.ms)} / ${validated} = ${fmtMs(prism.replay.ms / Math.max(1, validated))} (+ ${fmtMs(prism.startMs)} start)`,
    ]);
  }
  section.tables.push({
    caption: `Ours: a full \`npm run conformance\` run per configuration (caught = exit code 1, i.e. a MUST requirement failed, or a SHOULD requirement failed in conformance.json). Prism: the ${rec.records.length} requests of one recorded full run replayed through it (${validated} of them through Prism; caught = a response finding that the clean run of the same requests did not have).`,
    header: [
      'target',
      'ours',
      'ours: time / results = per check',
      'Prism',
      'Prism: replay time / responses = per check',
    ],
    rows,
  });
  section.notes.push(
    `Defects caught: ours ${oursCaught} of ${defects.length}, Prism ${prismCaught} of ${defects.length}.`,
  );
  section.notes.push(
    'Why Prism misses timestamp defects here: the export gives timestamps `format: iso8601-timestamp` (the decided forms include zone-less ones, which `date-time` would reject), and Prism, like any OpenAPI validator, ignores a format it does not know. Written as `date-time`, correct zone-less timestamps would be flagged instead: a schema-only tool cannot hold the decision.',
  );
  section.notes.push(
    'Prism checks each response against the schema of its documented status code; it has no notion of pagination, filters, state across calls or upstream habits, and it only sees the requests it is sent (here, ours).',
  );
  return section;
}

await runAsMain(import.meta.url, run);
