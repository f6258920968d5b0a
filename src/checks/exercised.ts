// The operations the checks were written to drive (requests, bodies, resources to create and find).
// The catalog holds every page of the reference; a requirement of any other operation is reported
// not-applicable with that reason ("not tested": run-family.ts), never run by a check that does not
// know how to exercise it (it would fail a correct target, or pass one by accident). Checks that look
// for a service's create/show/update operations look among these only.
import type { Operation } from '../catalog/model.ts';

export const EXERCISED_OPERATIONS: ReadonlySet<string> = new Set([
  'software-deployment-create',
  'software-deployment-show',
  'software-deployment-update',
  'image-list-detail',
  'backup-list',
]);

export function exercised(op: Operation): boolean {
  return EXERCISED_OPERATIONS.has(op.id);
}
