// The five pages the suite began with, before the rest of the reference: the generator test that
// reads each page alone beside them and the bench's five-page floor (bench/seeds-child.ts) use them.
export const SEED_PAGES: readonly string[] = [
  'specs/orchestration/creating-one-or-more-software-deployments.md',
  'specs/orchestration/querying-details-of-a-software-deployment.md',
  'specs/orchestration/updating-a-software-deployment.md',
  'specs/image/querying-image-details-(native-openstack-api-v1-1---abandoned-and-not-recommended).md',
  'specs/block-storage/querying-summary-information-about-vbs-backups-(native-openstack-v3-api).md',
];
