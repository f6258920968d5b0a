// Cinder's supported microversion range, from its versions document. The catalog gives
// `…/v3/<project>`; the document lives at the unversioned root (API-SIG version discovery: strip
// the project and the version from the end). No credential is sent: the document is public.
import type { TlsMaterial } from '../http/guard-transport.ts';
import type { RetryPolicy } from '../http/retry.ts';
import { exchange } from './exchange.ts';
import type { MicroversionRange } from '../session/model.ts';

export function unversionedRoot(endpoint: string, projectId?: string): string {
  const u = new URL(endpoint);
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts.length > 0 && projectId && decodeURIComponent(parts[parts.length - 1]!) === projectId) parts.pop();
  if (parts.length > 0 && /^v\d+(\.\d+)?$/.test(parts[parts.length - 1]!)) parts.pop();
  u.pathname = `/${parts.join('/')}${parts.length ? '/' : ''}`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

interface VersionEntry {
  id?: unknown;
  status?: unknown;
  version?: unknown;
  min_version?: unknown;
}

/** The v3 range in a versions document (`{"versions": [...]}` or `{"version": {...}}`), if any. */
export function rangeFromVersions(doc: unknown, major = 3): MicroversionRange | undefined {
  const d = doc as { versions?: unknown; version?: unknown } | null;
  const list: VersionEntry[] = Array.isArray(d?.versions)
    ? (d!.versions as VersionEntry[])
    : d?.version && typeof d.version === 'object'
      ? [d.version as VersionEntry]
      : [];
  const mv = /^\d+\.\d+$/;
  for (const v of list) {
    if (typeof v?.id !== 'string' || !new RegExp(`^v${major}(\\.|$)`).test(v.id)) continue;
    if (
      typeof v.version === 'string' &&
      mv.test(v.version) &&
      typeof v.min_version === 'string' &&
      mv.test(v.min_version)
    ) {
      return { min: v.min_version, max: v.version };
    }
  }
  return undefined;
}

export interface Discovery {
  range?: MicroversionRange;
  /** Why there is no range, when there is none. */
  note?: string;
}

export async function discoverMicroversions(
  endpoint: string,
  projectId: string | undefined,
  bounds: { timeoutMs: number; maxBodyBytes: number; tls: TlsMaterial; retry?: RetryPolicy },
): Promise<Discovery> {
  const root = unversionedRoot(endpoint, projectId);
  const tried: string[] = [];
  for (const url of [root, `${root}v3/`]) {
    try {
      const res = await exchange({ method: 'GET', url, ...bounds });
      // Cinder answers its root with 300 Multiple Choices and the document in the body.
      if (res.status !== 200 && res.status !== 300) {
        tried.push(`${new URL(url).pathname} answered ${res.status}`);
        continue;
      }
      const range = rangeFromVersions(JSON.parse(res.body));
      if (range) return { range };
      tried.push(`${new URL(url).pathname} has no v3 version with min_version and version`);
    } catch (e) {
      tried.push(`${new URL(url).pathname}: ${(e as Error).message}`);
    }
  }
  return { note: `block-storage microversions not discovered (${tried.join('; ')})` };
}
