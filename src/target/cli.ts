// `npm run target -- --port N [--defect NAME[@operation-id][,…]] [--variant NAME] [--seed volumes=100000,images=500]`,
// `--list-defects [--verbose]`, `--list-variants`. Prints where it listens and the (public, demo) credentials.
import { parseArgs } from 'node:util';
import { DEFECTS } from './defects.ts';
import { VARIANTS } from './variants.ts';
import { startReferenceTarget } from './server.ts';

const USAGE = `usage: npm run target -- [--port N] [--defect NAME[@operation-id][,...]] [--variant NAME] [--seed COLLECTION=N,...]
       npm run target -- --list-defects [--verbose] | --list-variants
  --seed volumes=100000,images=500   members per collection in the demo project (backups and images: the
                                     Cinder backup list and the Glance v1 registry; --backups/--images too)
  --list-defects --verbose           name, family and the operations of the catalog each defect applies to`;

/** \`volumes=100000,images=500\` → { volumes: 100000, images: 500 }. */
export function parseSeed(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!text) return out;
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_.~-]+)=(\d+)$/.exec(part);
    if (!m) throw new Error(`--seed takes COLLECTION=N pairs joined by commas, got "${part}"`);
    const n = Number(m[2]);
    if (n > 1_000_000) throw new Error(`--seed ${m[1]} must be at most 1000000, got ${n}`);
    out[m[1]!] = n;
  }
  return out;
}

function intOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      defect: { type: 'string' },
      variant: { type: 'string' },
      backups: { type: 'string' },
      images: { type: 'string' },
      seed: { type: 'string' },
      verbose: { type: 'boolean' },
      'list-defects': { type: 'boolean' },
      'list-variants': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (values['list-defects'] && values.verbose) {
    const { buildRoutes } = await import('./core/routes.ts');
    const { operationsFor } = await import('./switches.ts');
    const { loadCatalog } = await import('../catalog/load.ts');
    const table = buildRoutes(loadCatalog());
    return void console.log(
      DEFECTS.map(
        (d) =>
          `${d.name}\t${d.family}\t${operationsFor(d.name, table).join(',') || '(no operation of this catalog)'}\t${d.description}`,
      ).join('\n'),
    );
  }
  if (values['list-defects']) return void console.log(DEFECTS.map((d) => d.name).join('\n'));
  if (values['list-variants']) return void console.log(VARIANTS.map((v) => v.name).join('\n'));
  const port = intOption('port', values.port) ?? 8080;
  const seed = parseSeed(values.seed);
  const backups = intOption('backups', values.backups) ?? seed.backups;
  const images = intOption('images', values.images) ?? seed.images;
  const target = await startReferenceTarget({
    port,
    ...(values.defect ? { defect: values.defect } : {}),
    ...(values.variant ? { variant: values.variant } : {}),
    ...(backups !== undefined ? { backups } : {}),
    ...(images !== undefined ? { images } : {}),
    ...(Object.keys(seed).length ? { seed } : {}),
  });
  const c = target.credentials;
  console.log(
    [
      `reference target listening on ${target.baseUrl}` +
        (values.defect ? ` (defect ${values.defect})` : '') +
        (values.variant ? ` (variant ${values.variant})` : ''),
      `  OS_AUTH_URL=${target.authUrl}`,
      `  OS_USERNAME=${c.username}`,
      `  OS_PASSWORD=${c.password}`,
      `  OS_USER_DOMAIN_NAME=${c.userDomainName}`,
      `  OS_PROJECT_NAME=${c.projectName}`,
      `  OS_PROJECT_DOMAIN_NAME=${c.projectDomainName}`,
      `  project id ${c.projectId}, second project ${c.otherProjectId}`,
      `  application credential ${c.applicationCredentialId} / ${c.applicationCredentialSecret}`,
      `  orchestration ${target.baseUrl}/heat-api/v1/${c.projectId}`,
      `  image         ${target.baseUrl}/image`,
      `  block-storage ${target.baseUrl}/volume/v3/${c.projectId}`,
    ].join('\n'),
  );
  const stop = () => void target.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`target: ${e.message}\n${USAGE}`);
  process.exit(2);
});
