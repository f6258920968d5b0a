// What differs between services on top of the generic core: where the service is mounted, its fault
// body, how it writes timestamps, the status words of its status flow, and what its actions do.
// One small record per service; a service the table does not know gets plain defaults.
import type { TargetContext } from '../context.ts';
import type { ErrorResponse } from '../faults.ts';
import type { TimeStyle } from '../timestamps.ts';

export interface Habit {
  service: string;
  /** Mount point on the target's origin (`/volume`). */
  prefix: string;
  /** Catalog type and name in the Keystone catalog (more than one: aliases). */
  catalogTypes: { type: string; name: string }[];
  fault(ctx: TargetContext, code: number, message: string, accept: string | undefined): ErrorResponse;
  timeStyle(ctx: TargetContext): TimeStyle;
  /** Status a new member of a 202 create shows first, and the one it settles to. */
  statusFlow: { transitional: string[]; settled: string[] };
  /** Action bodies (`{"os-extend": {"new_size": 2}}`): request field → item field it sets. */
  actionEffects: Record<string, Record<string, string>>;
  /** Actions that move a status word (`cancel_update` → `…_COMPLETE`). */
  actionStatus?: Record<string, string>;
  /** A create shows the transitional status first, whatever its code (Heat stacks: CREATE_IN_PROGRESS → CREATE_COMPLETE). */
  settleOnCreate?: boolean;
  /** Unknown query parameters of a list are refused (Cinder from 3.31) rather than ignored. */
  strictFilters?: boolean;
  /**
   * Every documented query parameter of a list that is no paging word filters, even one naming no
   * field the page shows (Cinder filters on its columns, shown or not: `migration_status`); a member
   * without the attribute matches nothing.
   */
  filtersOnAttributes?: boolean;
  /** A query parameter that filters a field of another name (Cinder: `glance_metadata` → `volume_image_metadata`). */
  filterFields?: Record<string, string>;
}

const plainFault = (code: number, message: string): ErrorResponse => ({
  status: code,
  body: JSON.stringify({ error: { code, message } }),
  contentType: 'application/json',
});

export function defaultHabit(service: string): Habit {
  return {
    service,
    prefix: `/${service}`,
    catalogTypes: [{ type: service, name: service }],
    fault: (_ctx, code, message) => plainFault(code, message),
    timeStyle: () => ({ fraction: 0, zone: 'Z' }),
    statusFlow: {
      transitional: ['creating', 'CREATE_IN_PROGRESS', 'queued'],
      settled: ['available', 'active', 'CREATE_COMPLETE', 'COMPLETE'],
    },
    actionEffects: {},
  };
}
