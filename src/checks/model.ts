// A check is data plus one small function: a stable id, the family and assertions it verifies, a
// title that reads as documentation, the operations it applies to, whether it writes, and `run`, which
// reports per requirement instead of throwing.
import type {
  Assertion,
  AssertionOf,
  Catalog,
  Decision,
  Family,
  Operation,
  Requirement,
  Service,
} from '../catalog/model.ts';
import type { Reply, TargetClient } from '../http/client.ts';
import type { Failure } from '../results/model.ts';
import type { Limits, MicroversionRange } from '../session/model.ts';
import type { SchemaRegistry } from './ajv.ts';

/** One departure from a requirement; `decision` names the decided point it falls under, if any. */
export interface Departure {
  failure: Failure;
  decision?: string;
  /** A departure no decision softens (e.g. a 2xx where a SHOULD asks for a refusal). */
  strict?: boolean;
}

export interface Finding {
  departures: Departure[];
  notApplicable?: string;
  skipped?: string;
  /** What kept the suite from exercising the requirement (a missing prerequisite, a refused setup). */
  notTested?: string;
  /** A note kept on a pass (e.g. the form a value was accepted under). */
  note?: string;
}

/** What a check found, per requirement id. A requirement it says nothing about passed. */
export class Findings {
  readonly byRequirement = new Map<string, Finding>();

  private entry(id: string): Finding {
    let f = this.byRequirement.get(id);
    if (!f) {
      f = { departures: [] };
      this.byRequirement.set(id, f);
    }
    return f;
  }

  fail(req: Requirement, failure: Failure, decision?: string | 'strict'): void {
    this.entry(req.id).departures.push({
      failure: { ...failure, source: failure.source ?? req.source },
      ...(decision === 'strict' ? { strict: true } : decision ? { decision } : {}),
    });
  }

  /** A failure built from the reply that showed it: its reproduce line comes along. */
  failReply(
    req: Requirement,
    reply: Reply | undefined,
    failure: Omit<Failure, 'reproduce'>,
    decision?: string | 'strict',
  ): void {
    this.fail(req, { ...failure, ...(reply ? { reproduce: reply.reproduce } : {}) }, decision);
  }

  notApplicable(req: Requirement, reason: string): void {
    this.entry(req.id).notApplicable = reason;
  }

  /** The suite could not exercise the requirement: never a failure, counted apart. */
  notTested(req: Requirement, reason: string): void {
    this.entry(req.id).notTested = reason;
  }

  skip(req: Requirement, reason: string): void {
    this.entry(req.id).skipped = reason;
  }

  note(req: Requirement, note: string): void {
    this.entry(req.id).note = note;
  }

  get(id: string): Finding | undefined {
    return this.byRequirement.get(id);
  }
}

/** What a check may know of the target session (no secrets). */
export interface SessionView {
  projectId: string;
  embedded: boolean;
  endpoints: Partial<Record<Service, string>>;
  microversions: Partial<Record<Service, MicroversionRange>>;
  readOnly: boolean;
  limits: Limits;
  /** Existing resources named in the configuration, by resource name (`server` → its id: OS_SERVER_ID). */
  existing?: Readonly<Record<string, string>>;
}

/** Something the run created, deleted when the worker ends. */
export interface CreatedResource {
  kind: string;
  id: string;
  /** URL that deletes it (DELETE, with the session's token). */
  deleteUrl: string;
  /** `<service>/<resource>` of the request plans, when a plan made it. */
  key?: string;
  /**
   * What it was made with, as `<key> <id>` of the instances its request used (a transfer's volume, a
   * deployment's config): deleted only after it. Absent when unknown: then deleted before anything
   * made earlier, as if it used all of it.
   */
  needs?: string[];
}

export interface CheckContext {
  catalog: Catalog;
  operation: Operation;
  session: SessionView;
  client: TargetClient;
  schemas: SchemaRegistry;
  decision(id: string | undefined): Decision | undefined;
  /** Shares a result between checks and tests of the same worker (responses are fetched once). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  track(resource: CreatedResource): void;
  /** Marks a reply as evidence of the current test, so its exchange is attached. */
  touched(reply: Reply): void;
}

/**
 * What the runner settled before a check runs, so no check repeats it: the operation is served (at
 * its documented path or a decided alternate), the target serves the microversions its requirements
 * need, read-only mode allows it, and the request plan could obtain what the operation needs.
 */
export interface Preconditions {
  served: { path: string; endpoint: string };
}

export interface Check {
  /** Stable kebab-case: `<object>-<property>-<assertion>`. Never renamed. */
  id: string;
  family: Family;
  assertions: Assertion[];
  title: string;
  appliesTo(operation: Operation): boolean;
  /** Whether it creates or changes anything on the target (skipped in read-only mode); per operation
   * where the same assertion only reads on a list and writes on a create. */
  writes: boolean | ((operation: Operation) => boolean);
  run(ctx: CheckContext, requirements: Requirement[], pre: Preconditions): Promise<Findings>;
}

/** Whether a check creates or changes anything on the target when it runs on `operation`. */
export function checkWrites(check: Check, operation: Operation): boolean {
  return typeof check.writes === 'function' ? check.writes(operation) : check.writes;
}

/**
 * Declares a check. Its assertions must belong to its family (a type error otherwise), and its `run`
 * is a function named after its id (`content-type-json` → `contentTypeJson`), so stack traces, code
 * maps and the registry name it with the words of its requirement.
 */
export function defineCheck<F extends Family>(check: Check & { family: F; assertions: AssertionOf<F>[] }): Check {
  const want = check.id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  if (check.run.name !== want)
    throw new Error(`check ${check.id}: run must be a function named ${want}, not "${check.run.name}"`);
  return check;
}
