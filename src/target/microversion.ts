// Cinder's OpenStack-API-Version negotiation (cinder/api/openstack/api_version_request.py, wsgi.py):
// no header means 3.0, `latest` means the maximum, a malformed value is a 400 and one outside the
// range a 406 (computeFault).

export interface Version {
  major: number;
  minor: number;
}

export const parseVersion = (s: string): Version | undefined => {
  const m = /^(\d+)\.(\d+)$/.exec(s.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
};

export const compare = (a: Version, b: Version): number => a.major - b.major || a.minor - b.minor;
export const atLeast = (v: Version, s: string): boolean => compare(v, parseVersion(s)!) >= 0;
export const show = (v: Version): string => `${v.major}.${v.minor}`;

export type Negotiated = { ok: true; version: Version } | { ok: false; status: 400 | 406; message: string };

export function negotiate(header: string | undefined, min: Version, max: Version, acceptAnything = false): Negotiated {
  if (header === undefined) return { ok: true, version: min };
  // The header may name several services: "volume 3.45, compute 2.1".
  const entry = header
    .split(',')
    .map((p) => p.trim().split(/\s+/))
    .find(([service]) => service?.toLowerCase() === 'volume');
  if (!entry) return { ok: true, version: min };
  const text = entry.slice(1).join(' ');
  if (text.toLowerCase() === 'latest') return { ok: true, version: max };
  const v = parseVersion(text);
  if (!v)
    return {
      ok: false,
      status: 400,
      message: `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
    };
  if (!acceptAnything && (compare(v, min) < 0 || compare(v, max) > 0)) {
    return {
      ok: false,
      status: 406,
      message: `Version ${show(v)} is not supported by the API. Minimum is ${show(min)} and maximum is ${show(max)}.`,
    };
  }
  return { ok: true, version: v };
}
