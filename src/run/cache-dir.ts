// The suite's cache directory for this checkout (the schemas' compiled validators live there):
// node_modules/.cache/cloud-api-conformance/<sha256 of the checkout path, 16 hex>.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../catalog/load.ts';

export function suiteCacheDir(root: string = REPO_ROOT): string {
  return join(
    root,
    'node_modules/.cache/cloud-api-conformance',
    createHash('sha256').update(root).digest('hex').slice(0, 16),
  );
}
