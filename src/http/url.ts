// Mapping a catalog URI template onto a catalog endpoint. Keystone endpoints already carry part of the
// path (`…/v1/<project>`, `…/v3/<project>`), image endpoints usually none; the template repeats it
// (`/v1/{project_id}/…`). Joining by string would double it, and `new URL(path, base)` drops the base
// path (pitfalls.md), so the overlap is found segment by segment.

const VERSION = /^v\d+(\.\d+)?$/;

export function fillTemplate(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}

/** Endpoint + filled path, without repeating what the endpoint already ends with. */
export function joinEndpoint(endpoint: string, path: string): string {
  const base = new URL(endpoint);
  const baseSegs = base.pathname.split('/').filter(Boolean);
  const pathSegs = path.split('/').filter(Boolean);
  let overlap = 0;
  for (let n = Math.min(baseSegs.length, pathSegs.length); n > 0; n--) {
    const tail = baseSegs.slice(baseSegs.length - n);
    if (tail.every((seg, i) => seg === pathSegs[i])) {
      overlap = n;
      break;
    }
  }
  let keep = baseSegs;
  const versionAt = baseSegs.findIndex((seg) => VERSION.test(seg));
  if (overlap === 0 && !VERSION.test(pathSegs[0] ?? '') && versionAt >= 0) {
    // A path above every API version (`/`, the versions document; `/{api_version}`) lives at the
    // service root: the endpoint without its version and what follows it (`…/v1/<project>`).
    keep = baseSegs.slice(0, versionAt);
  } else if (overlap === 0 && VERSION.test(pathSegs[0] ?? '') && VERSION.test(baseSegs[baseSegs.length - 1] ?? '')) {
    // A versioned endpoint (`…/v2`) and a path of another version (`/v1.1/…`): the path's version wins.
    keep = baseSegs.slice(0, -1);
  }
  const segs = [...keep, ...pathSegs.slice(overlap)];
  return `${base.origin}/${segs.join('/')}`;
}

export function withQuery(url: string, query: Record<string, string | number | boolean> | undefined): string {
  if (!query || Object.keys(query).length === 0) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.append(k, String(v));
  return u.toString();
}

export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
