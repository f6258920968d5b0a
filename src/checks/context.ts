// Builds the CheckContext that every runner (Playwright fixtures, the in-process engine, unit tests)
// hands to runFamily, so the memo and decision lookups behave the same everywhere.
import type { Catalog, Decision, Operation } from '../catalog/model.ts';
import type { SchemaRegistry } from './ajv.ts';
import type { CheckContext, CreatedResource, SessionView } from './model.ts';
import type { Reply, TargetClient } from '../http/client.ts';

export interface ContextParts {
  catalog: Catalog;
  operation: Operation;
  session: SessionView;
  client: TargetClient;
  schemas: SchemaRegistry;
  decisions: ReadonlyMap<string, Decision>;
  /** Shared by every context of one worker or run: a key is computed once. */
  memo: Map<string, Promise<unknown>>;
  track?: (resource: CreatedResource) => void;
  touched?: (reply: Reply) => void;
}

export function decisionIndex(catalog: Catalog): Map<string, Decision> {
  return new Map(catalog.decisions.map((d) => [d.id, d]));
}

export function checkContext(parts: ContextParts): CheckContext {
  const { memo, decisions } = parts;
  return {
    catalog: parts.catalog,
    operation: parts.operation,
    session: parts.session,
    client: parts.client,
    schemas: parts.schemas,
    decision: (id) => (id ? decisions.get(id) : undefined),
    memo: <T>(key: string, compute: () => Promise<T>) => {
      let pending = memo.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = compute();
        memo.set(key, pending);
      }
      return pending;
    },
    track: parts.track ?? (() => undefined),
    touched: parts.touched ?? (() => undefined),
  };
}
