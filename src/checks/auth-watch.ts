// Tells a token revoked in the middle of a run from a target that refuses it. A 401 to a request sent
// with the session's own credentials is checked once: with Keystone auth the session takes a fresh
// token and sends the same request again (a different answer means the old token was revoked; the run
// goes on with the fresh one); with a fixed token (admin_token) the first request the token got a
// success for is sent again (a 401 now means the token stopped working). Either way the run is marked
// incomplete with that reason, instead of reading as a hundred MUST failures of the target.
import type { AuthWatchHook, Reply, RequestSpec } from '../http/client.ts';

export interface AuthWatchSession {
  /** Take a fresh token now (Keystone auth); absent for a fixed token. */
  reauthenticate?(): Promise<void>;
}

/** Checks a 401 at most this many times: a target that refuses every valid token costs no more. */
const MAX_PROBES = 3;

export class AuthWatch implements AuthWatchHook {
  /** Why the run is incomplete, once authentication was seen to stop working. */
  lost: string | undefined;
  private good: { spec: RequestSpec; status: number } | undefined;
  private probes = 0;

  constructor(private readonly session: AuthWatchSession) {}

  async observe(spec: RequestSpec, reply: Reply, resend: (spec: RequestSpec) => Promise<Reply>): Promise<Reply> {
    const status = reply.status;
    if (status !== undefined && status >= 200 && status < 300 && spec.method === 'GET' && !this.good)
      this.good = { spec, status };
    if (status !== 401) return reply;
    if (this.session.reauthenticate) {
      if (this.lost === undefined && this.probes >= MAX_PROBES) return reply;
      if (this.lost === undefined) this.probes++;
      try {
        await this.session.reauthenticate();
      } catch {
        return reply;
      }
      const again = await resend(spec);
      if (again.status === 401) return reply;
      this.lost ??= `the token was revoked during the run: ${spec.method} ${reply.exchange.url} answered 401 with it and ${again.status ?? again.error} with a fresh token; the suite took a fresh token and sent that request again, and the run cannot show whether the target keeps tokens valid`;
      return again;
    }
    if (this.lost !== undefined || !this.good || this.probes >= MAX_PROBES || this.good.spec === spec) return reply;
    this.probes++;
    const probe = await resend(this.good.spec);
    if (probe.status === 401) {
      this.lost = `authentication stopped working during the run: ${this.good.spec.method} ${probe.exchange.url} answered ${this.good.status} earlier and 401 now, with the same token (revoked or expired); the verdicts after that rest on refusals`;
    }
    return reply;
  }
}
