// Which generic core serves a reference target: kept beside the context rather than in it, so the
// context (which the core reads) does not import the core back.
import type { TargetContext } from '../context.ts';
import type { Core } from './serve.ts';

const cores = new WeakMap<TargetContext, Core>();

export function setCore(ctx: TargetContext, core: Core): void {
  cores.set(ctx, core);
}

/** The generic core serving every catalog operation the service modules do not serve. */
export function coreOf(ctx: TargetContext): Core {
  const core = cores.get(ctx);
  if (!core) throw new Error('the reference target has no core yet');
  return core;
}
