// Where a session's credentials may go: the auth URL and the endpoints (catalog or overrides), as
// origins. The HTTP layer compares a request's origin (after any redirect or pagination link)
// with this set before attaching authHeaders().
import type { TargetSession } from '../session/model.ts';

export function credentialOrigins(session: Pick<TargetSession, 'authUrl' | 'endpoints'>): Set<string> {
  const urls = [session.authUrl, ...Object.values(session.endpoints)].filter((u): u is string => typeof u === 'string');
  return new Set(urls.map((u) => new URL(u).origin));
}

export function mayCarryCredentials(session: Pick<TargetSession, 'authUrl' | 'endpoints'>, url: string): boolean {
  try {
    return credentialOrigins(session).has(new URL(url).origin);
  } catch {
    return false;
  }
}
