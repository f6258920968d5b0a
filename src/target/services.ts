// Habits of the services the target plays, on top of the generic core: where each is mounted
// (devstack-style, one origin), its fault body, its timestamp form, its status words and what its
// actions do. A service type the catalog names and this table does not know is still served, at
// `/<service-type>`, with the core's defaults.
import type { TargetContext } from './context.ts';
import { cinderFault, heatFault, webobError, WEBOB, type ErrorResponse } from './faults.ts';
import { heatTimeStyle } from './heat.ts';
import { defaultHabit, type Habit } from './core/habits.ts';

function cinder(ctx: TargetContext, code: number, message: string): ErrorResponse {
  if (ctx.defect('backups-error-body-flat'))
    return { status: code, body: JSON.stringify({ code, message }), contentType: 'application/json' };
  return cinderFault(code, message);
}

const HEAT_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'RequestLimitExceeded',
};

function heat(ctx: TargetContext, code: number, message: string, accept: string | undefined): ErrorResponse {
  if (ctx.defect('deployment-error-body-plain')) return webobError(code, message, accept);
  return heatFault(code, HEAT_TYPES[code] ?? 'InternalError', code >= 500 ? undefined : message);
}

export const HABITS: Habit[] = [
  {
    ...defaultHabit('orchestration'),
    prefix: '/heat-api',
    catalogTypes: [{ type: 'orchestration', name: 'heat' }],
    fault: heat,
    timeStyle: heatTimeStyle,
    statusFlow: { transitional: ['CREATE_IN_PROGRESS', 'IN_PROGRESS'], settled: ['CREATE_COMPLETE', 'COMPLETE'] },
    settleOnCreate: true,
    actionEffects: {},
    actionStatus: {
      cancel_update: 'ROLLBACK_COMPLETE',
      check: 'CHECK_COMPLETE',
      suspend: 'SUSPEND_COMPLETE',
      resume: 'RESUME_COMPLETE',
    },
  },
  {
    ...defaultHabit('image'),
    prefix: '/image',
    catalogTypes: [{ type: 'image', name: 'glance' }],
    // Glance answers with webob's bodies: JSON, HTML or plain text after the Accept header.
    fault: (_ctx, code, message, accept) => webobError(WEBOB[code] ? code : 500, message, accept),
    timeStyle: () => ({ fraction: 0, zone: 'Z' }),
    statusFlow: { transitional: ['queued'], settled: ['active'] },
    actionEffects: {},
  },
  {
    ...defaultHabit('block-storage'),
    prefix: '/volume',
    catalogTypes: [
      { type: 'block-storage', name: 'cinder' },
      { type: 'volumev3', name: 'cinderv3' },
    ],
    fault: (ctx, code, message) => cinder(ctx, code, message),
    timeStyle: () => ({ fraction: 6, zone: 'none' }),
    statusFlow: { transitional: ['creating', 'downloading', 'awaiting-transfer'], settled: ['available'] },
    // cinder/api/contrib/volume_actions.py: what each action changes on the volume.
    actionEffects: {
      'os-extend': { new_size: 'size' },
      'os-set_bootable': { bootable: 'bootable' },
      'os-update_readonly_flag': { readonly: 'metadata.readonly' },
    },
    strictFilters: true,
    // cinder/api/v3/volumes.py: filters go to the database columns; glance_metadata matches the image
    // metadata a volume shows as volume_image_metadata.
    filtersOnAttributes: true,
    filterFields: { glance_metadata: 'volume_image_metadata' },
  },
];

export function habitsFor(services: string[]): Map<string, Habit> {
  const out = new Map<string, Habit>();
  for (const s of services) out.set(s, HABITS.find((h) => h.service === s) ?? defaultHabit(s));
  for (const h of HABITS) if (!out.has(h.service)) out.set(h.service, h);
  return out;
}
