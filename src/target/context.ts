// The state one reference app carries: its switches, clock, seeded PRNG, catalog facts, identity
// store and per-project service data. Built once by createReferenceApp and handed to every router.
import type { Context } from 'hono';
import type { DefectName } from './defects.ts';
import type { VariantName } from './variants.ts';
import type { TargetFacts } from './facts.ts';
import type { Prng, BackupTable, DeploymentRow, ImageRow } from './seed.ts';
import type { ErrorResponse } from './faults.ts';

export interface Project {
  id: string;
  name: string;
  domainId: string;
}

export interface User {
  id: string;
  name: string;
  domainId: string;
  password: string;
  defaultProjectId: string;
  /** Projects the user holds the member role on. */
  projects: string[];
}

export interface AppCredential {
  id: string;
  name: string;
  secret: string;
  userId: string;
  projectId: string;
}

export interface Token {
  userId: string;
  projectId: string | null;
  methods: string[];
  issuedAt: Date;
  expiresAt: Date;
  auditId: string;
  appCredentialId?: string;
}

export interface State {
  images: ImageRow[];
  imagesById: Map<string, ImageRow>;
  backups: Map<string, BackupTable>;
  deployments: Map<string, DeploymentRow[]>;
}

export interface TargetContext {
  /** A defect of a service module, on for the request at hand (a switch confined to another operation is off). */
  defect(name: DefectName): boolean;
  /** A generic defect, on for operation `operationId`. */
  defectOn(name: string, operationId: string): boolean;
  variant(name: VariantName): boolean;
  now(): Date;
  rng: Prng;
  /** Facts of the five seed operations, when the catalog has them (the service modules serve those). */
  facts: TargetFacts;
  tokenTtlSeconds: number;
  projects: Map<string, Project>;
  users: User[];
  appCredentials: AppCredential[];
  tokens: Map<string, Token>;
  state: State;
  /** Backups to seed in the default project (others get a handful). */
  backupCount: number;
  backupsOf(projectId: string): BackupTable;
  deploymentsOf(projectId: string): DeploymentRow[];
}

/** Scheme and host of the request itself: links and catalog URLs are built from it. */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}

export function send(c: Context, e: ErrorResponse): Response {
  const headers: Record<string, string> = { 'Content-Type': e.contentType, ...(e.headers ?? {}) };
  return c.body(e.body, e.status as never, headers);
}

export function sendJson(c: Context, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as never, { 'Content-Type': 'application/json', ...headers });
}
