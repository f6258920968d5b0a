// The five pages and the operation each documents. The ids are the stable names every other layer uses.
import type { PageIdentity } from './extract-operation.ts';

export const PAGES: PageIdentity[] = [
  { doc: 'specs/orchestration-create-software-deployment.md', id: 'software-deployment-create', service: 'orchestration' },
  { doc: 'specs/orchestration-show-software-deployment.md', id: 'software-deployment-show', service: 'orchestration' },
  { doc: 'specs/orchestration-update-software-deployment.md', id: 'software-deployment-update', service: 'orchestration' },
  { doc: 'specs/image-v1.1-list-images-detail.md', id: 'image-list-detail', service: 'image' },
  { doc: 'specs/block-storage-list-backups-summary.md', id: 'backup-list', service: 'block-storage' },
];
