// `npm run target -- --port N [--defect NAME] [--variant NAME] [--backups N] [--images N]`,
// `--list-defects`, `--list-variants`. Prints where it listens and the (public, demo) credentials.
import { parseArgs } from 'node:util';
import { DEFECTS } from './defects.ts';
import { VARIANTS } from './variants.ts';
import { startReferenceTarget } from './server.ts';

const USAGE = `usage: npm run target -- [--port N] [--defect NAME] [--variant NAME] [--backups N] [--images N]
       npm run target -- --list-defects | --list-variants`;

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
      'list-defects': { type: 'boolean' },
      'list-variants': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (values['list-defects']) return void console.log(DEFECTS.map((d) => d.name).join('\n'));
  if (values['list-variants']) return void console.log(VARIANTS.map((v) => v.name).join('\n'));
  const port = intOption('port', values.port) ?? 8080;
  const backups = intOption('backups', values.backups);
  const images = intOption('images', values.images);
  const target = await startReferenceTarget({
    port,
    ...(values.defect ? { defect: values.defect } : {}),
    ...(values.variant ? { variant: values.variant } : {}),
    ...(backups !== undefined ? { backups } : {}),
    ...(images !== undefined ? { images } : {}),
  });
  const c = target.credentials;
  console.log(
    [
      `reference target listening on ${target.baseUrl}` + (values.defect ? ` (defect ${values.defect})` : '') + (values.variant ? ` (variant ${values.variant})` : ''),
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
