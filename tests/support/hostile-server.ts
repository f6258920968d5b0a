// A hostile target for the project's own tests: a loopback server that speaks just enough of the
// five documented operations (Heat software deployments, Glance v1.1 image list, Cinder backup
// list) for the suite to reach one chosen misbehaviour, and misbehaves on the operations chosen.
// Everything else answers like a plain, correct implementation so the run goes on with the rest.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gzipBomb } from './gzip-bomb.ts';

export type Behaviour =
  | 'clean'
  | 'no-response'
  | 'drip'
  | 'huge-body'
  | 'invalid-json'
  | 'html-error'
  | 'wrong-content-type'
  | 'missing-content-type'
  | 'redirect-other-host'
  | 'pagination-other-host'
  | 'pagination-cycle'
  | 'endless-pages'
  | 'reset-mid-body'
  | 'gzip-bomb'
  | 'echo-token'
  | 'deep-nesting'
  | 'die-mid-run';

export const BEHAVIOURS: readonly Behaviour[] = [
  'clean',
  'no-response',
  'drip',
  'huge-body',
  'invalid-json',
  'html-error',
  'wrong-content-type',
  'missing-content-type',
  'redirect-other-host',
  'pagination-other-host',
  'pagination-cycle',
  'endless-pages',
  'reset-mid-body',
  'gzip-bomb',
  'echo-token',
  'deep-nesting',
  'die-mid-run',
];

/** Operation ids as the catalog names them. */
export type OperationId =
  | 'software-deployment-create'
  | 'software-deployment-show'
  | 'software-deployment-update'
  | 'image-list-detail'
  | 'backup-list';

export const OPERATIONS: readonly OperationId[] = [
  'software-deployment-create',
  'software-deployment-show',
  'software-deployment-update',
  'image-list-detail',
  'backup-list',
];

/** Where each behaviour strikes unless told otherwise: pagination ones need the paged list. */
const DEFAULT_TARGETS: Record<Behaviour, readonly OperationId[]> = {
  clean: [],
  'no-response': ['image-list-detail'],
  drip: ['image-list-detail'],
  'huge-body': ['image-list-detail'],
  'invalid-json': ['software-deployment-show'],
  'html-error': ['image-list-detail'],
  'wrong-content-type': ['software-deployment-show'],
  'missing-content-type': ['software-deployment-show'],
  'redirect-other-host': ['software-deployment-show', 'image-list-detail'],
  'pagination-other-host': ['backup-list'],
  'pagination-cycle': ['backup-list'],
  'endless-pages': ['backup-list'],
  'reset-mid-body': ['image-list-detail'],
  'gzip-bomb': ['image-list-detail'],
  'echo-token': [...OPERATIONS],
  'deep-nesting': [...OPERATIONS],
  'die-mid-run': [...OPERATIONS],
};

export interface HostileOptions {
  behaviour: Behaviour;
  /**
   * Several behaviours in one server, one per operation (`{ 'image-list-detail': 'drip', 'backup-list':
   * 'pagination-cycle' }`), so one run of the suite meets several; overrides `behaviour`/`on` where given.
   */
  plan?: Partial<Record<OperationId, Behaviour>>;
  /** The token the target accepts; anything else is a 401. */
  token: string;
  projectId?: string;
  /** Operations that misbehave; defaults per behaviour. */
  on?: readonly OperationId[];
  /** Base URL of another host (the canary) that redirects and links point to. */
  otherHostUrl?: string;
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** huge-body: bytes sent (default 100 MiB). */
  hugeBodyBytes?: number;
  /** gzip-bomb: bytes the body inflates to (default 1 GiB). */
  bombBytes?: number;
  /** die-mid-run: the server dies after answering this many requests (default 8). */
  dieAfterRequests?: number;
  /** drip: milliseconds between bytes (default 1000). */
  dripIntervalMs?: number;
  /** The token stops being accepted (401) once this many requests were answered: revoked mid-run. */
  revokeAfterRequests?: number;
}

export interface RecordedRequest {
  /** Date.now() when it arrived. */
  at: number;
  method: string;
  path: string;
  operation?: OperationId;
  headers: http.IncomingHttpHeaders;
  hostile: boolean;
}

export interface HostileServer {
  /** `http://127.0.0.1:<port>` (or https). */
  url: string;
  projectId: string;
  endpoints: { orchestration: string; image: string; 'block-storage': string };
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** True once die-mid-run has killed the server. */
  died(): boolean;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

function json(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...extra }, body: JSON.stringify(value) };
}

/** keystonemiddleware's 401, the same for all three services. */
function unauthorized(): Reply {
  return json(
    401,
    { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
    { 'www-authenticate': 'Keystone uri="http://127.0.0.1/identity"' },
  );
}

function heatFault(status: number, title: string, type: string, message: string): Reply {
  return json(status, { code: status, title, explanation: message, error: { type, traceback: null, message } });
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function seedImages(projectId: string): Record<string, unknown>[] {
  const base = Date.UTC(2024, 0, 10, 8, 0, 0);
  return [
    ['cirros', 'qcow2', 'bare', 13_167_616],
    ['debian-12', 'raw', 'bare', 2_147_483_648],
    ['windows', 'vhd', 'ovf', 42_000_000_000],
  ].map(([name, disk, container, size], i) => ({
    id: `0b1d2a3c-4e5f-4a6b-8c7d-${String(i).padStart(12, '0')}`,
    name,
    status: 'active',
    size,
    virtual_size: null,
    disk_format: disk,
    container_format: container,
    min_disk: 0,
    min_ram: 0,
    is_public: true,
    checksum: '64d7c1cd2b6f60c92c14662941cb7913',
    owner: projectId,
    protected: false,
    created_at: new Date(base + i * 60_000).toISOString().replace('Z', '000'),
    updated_at: new Date(base + i * 60_000 + 5_000).toISOString().replace('Z', '000'),
    deleted_at: null,
    deleted: false,
    properties: {},
  }));
}

function backupId(i: number): string {
  return `5e1c0d2a-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

const BACKUP_COUNT = 5;

export async function startHostileServer(options: HostileOptions): Promise<HostileServer> {
  const projectId = options.projectId ?? randomUUID().replaceAll('-', '');
  const targets = new Set(options.on ?? DEFAULT_TARGETS[options.behaviour]);
  const behaviour = options.behaviour;
  /** What an operation does: its planned behaviour, else the server's where it strikes, else correct. */
  const behaviourOf = (op: OperationId | undefined): Behaviour => {
    if (op === undefined) return 'clean';
    return options.plan?.[op] ?? (targets.has(op) ? behaviour : 'clean');
  };
  const deployments = new Map<string, Record<string, unknown>>();
  const images = seedImages(projectId);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let answered = 0;
  let dead = false;
  let base = '';

  // status and volume_id are not in the summary view, but filters still apply to them.
  const backups = Array.from({ length: BACKUP_COUNT }, (_, i) => ({
    id: backupId(i),
    name: `backup-${i}`,
    status: i % 2 === 0 ? 'available' : 'error',
    volume_id: `7d7c6fbe-d7ee-4b4d-8bae-${String(i % 2).padStart(12, '0')}`,
  }));

  function backupItem(b: { id: string; name: string | null }) {
    return {
      id: b.id,
      name: b.name,
      links: [
        { rel: 'self', href: `${base}/v3/${projectId}/backups/${b.id}` },
        { rel: 'bookmark', href: `${base}/${projectId}/backups/${b.id}` },
      ],
    };
  }

  function route(method: string, url: URL): OperationId | undefined {
    const p = url.pathname.replace(/\/+$/, '');
    const deps = `/v1/${projectId}/software_deployments`;
    if (p === deps && method === 'POST') return 'software-deployment-create';
    if (p.startsWith(`${deps}/`) && p.split('/').length === 5) {
      if (method === 'GET') return 'software-deployment-show';
      if (method === 'PUT') return 'software-deployment-update';
    }
    if ((p === '/v1.1/images/detail' || p === '/v1/images/detail') && method === 'GET') return 'image-list-detail';
    if ((p === `/v3/${projectId}/native/backups` || p === `/v3/${projectId}/backups`) && method === 'GET')
      return 'backup-list';
    return undefined;
  }

  function parseBody(raw: string): { ok: true; value: Record<string, unknown> } | { ok: false } {
    try {
      const value: unknown = JSON.parse(raw);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { ok: true, value: value as Record<string, unknown> };
    } catch {
      // falls through to the 400 below
    }
    return { ok: false };
  }

  function wrongType(b: Record<string, unknown>): string | undefined {
    for (const k of ['input_values', 'output_values']) {
      const v = b[k];
      if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v))) return `${k} must be an object`;
    }
    for (const k of ['server_id', 'config_id', 'action', 'status', 'status_reason', 'stack_user_project_id']) {
      const v = b[k];
      if (v !== undefined && v !== null && typeof v !== 'string') return `${k} must be a string`;
    }
    return undefined;
  }

  /** The answer a correct implementation gives. */
  function cleanReply(method: string, url: URL, op: OperationId | undefined, raw: string): Reply {
    const p = url.pathname.replace(/\/+$/, '');
    if (op === 'software-deployment-create') {
      const parsed = parseBody(raw);
      if (!parsed.ok)
        return heatFault(400, 'Bad Request', 'HTTPBadRequest', 'The server could not comply with the request.');
      const b = parsed.value;
      if (typeof b.server_id !== 'string' || typeof b.config_id !== 'string') {
        return heatFault(400, 'Bad Request', 'HTTPBadRequest', 'server_id and config_id are required.');
      }
      const wrong = wrongType(b);
      if (wrong) return heatFault(400, 'Bad Request', 'HTTPBadRequest', wrong);
      const sd: Record<string, unknown> = {
        id: randomUUID(),
        server_id: b.server_id,
        config_id: b.config_id,
        input_values: b.input_values ?? null,
        output_values: b.output_values ?? null,
        action: b.action ?? null,
        status: b.status ?? null,
        status_reason: b.status_reason ?? null,
        creation_time: isoSeconds(new Date()),
      };
      deployments.set(sd.id as string, sd);
      return json(200, { software_deployment: sd });
    }
    if (op === 'software-deployment-show' || op === 'software-deployment-update') {
      const id = decodeURIComponent(p.split('/')[4] ?? '');
      const sd = deployments.get(id);
      if (!sd) return heatFault(404, 'Not Found', 'NotFound', `Deployment with id ${id} not found`);
      if (op === 'software-deployment-show') return json(200, { software_deployment: sd });
      const parsed = parseBody(raw);
      if (!parsed.ok)
        return heatFault(400, 'Bad Request', 'HTTPBadRequest', 'The server could not comply with the request.');
      const wrong = wrongType(parsed.value);
      if (wrong) return heatFault(400, 'Bad Request', 'HTTPBadRequest', wrong);
      for (const k of ['config_id', 'input_values', 'output_values', 'action', 'status', 'status_reason']) {
        if (parsed.value[k] !== undefined && parsed.value[k] !== null) sd[k] = parsed.value[k];
      }
      sd.updated_time = isoSeconds(new Date());
      return json(200, { software_deployment: sd });
    }
    if (method === 'DELETE' && p.startsWith(`/v1/${projectId}/software_deployments/`)) {
      const id = decodeURIComponent(p.split('/')[4] ?? '');
      if (!deployments.delete(id)) return heatFault(404, 'Not Found', 'NotFound', `Deployment with id ${id} not found`);
      return { status: 204, headers: {}, body: '' };
    }
    if (op === 'image-list-detail') return listImages(url);
    if (op === 'backup-list') return listBackups(url);
    return json(404, { error: { code: 404, title: 'Not Found', message: `No route for ${method} ${p}` } });
  }

  /** Glance v1's plain-text webob 400. */
  function webob400(detail: string): Reply {
    return {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
      body: `400 Bad Request\n\nThe server could not comply with the request since it is either malformed or otherwise incorrect.\n\n ${detail}  `,
    };
  }

  function listImages(url: URL): Reply {
    const q = url.searchParams;
    for (const k of ['size_min', 'size_max', 'limit']) {
      const v = q.get(k);
      if (v !== null && !/^\d+$/.test(v)) return webob400(`Bad value passed to filter ${k} got ${v}`);
    }
    const since = q.get('changes-since');
    const sinceMs =
      since === null
        ? undefined
        : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(since) || !since.includes('T') ? since : `${since}Z`);
    if (since !== null && (sinceMs === undefined || Number.isNaN(sinceMs)))
      return webob400('Unrecognized changes-since value');
    let list = images.filter((img) => {
      for (const k of ['name', 'status', 'disk_format', 'container_format']) {
        const v = q.get(k);
        if (v !== null && img[k] !== v) return false;
      }
      const min = q.get('size_min');
      const max = q.get('size_max');
      if (min !== null && Number(img.size) < Number(min)) return false;
      if (max !== null && Number(img.size) > Number(max)) return false;
      if (sinceMs !== undefined && Date.parse(`${String(img.updated_at)}Z`) <= sinceMs) return false;
      return true;
    });
    const marker = q.get('marker');
    if (marker !== null) {
      const at = list.findIndex((i) => i.id === marker);
      if (at < 0) return webob400('Invalid marker. Image could not be found.');
      list = list.slice(at + 1);
    }
    const limit = q.get('limit');
    if (limit !== null) list = list.slice(0, Number(limit));
    return json(200, { images: list });
  }

  function listBackups(url: URL): Reply {
    const q = url.searchParams;
    for (const k of ['limit', 'offset']) {
      const v = q.get(k);
      if (v !== null && !/^\d+$/.test(v))
        return json(400, { badRequest: { code: 400, message: `${k} param must be an integer` } });
    }
    const limit = Math.min(1000, Number(q.get('limit') ?? 1000));
    let items = backups.filter((b) => {
      for (const k of ['name', 'status', 'volume_id'] as const) {
        const v = q.get(k);
        if (v !== null && b[k] !== v) return false;
        const like = q.get(`${k}~`);
        if (like !== null && !String(b[k] ?? '').includes(like)) return false;
      }
      return true;
    });
    const total = items.length;
    const marker = q.get('marker');
    if (marker !== null) {
      const at = items.findIndex((b) => b.id === marker);
      if (at < 0) return json(404, { itemNotFound: { code: 404, message: `Backup ${marker} could not be found.` } });
      items = items.slice(at + 1);
    }
    const offset = Number(q.get('offset') ?? 0);
    items = items.slice(offset);
    const page = items.slice(0, limit);
    const body: Record<string, unknown> = { backups: page.map(backupItem) };
    if (page.length > 0 && page.length === limit && items.length > limit) {
      const next = new URLSearchParams(q);
      next.delete('marker');
      next.set('marker', page[page.length - 1]!.id);
      body.backups_links = [{ rel: 'next', href: `${base}${url.pathname}?${next}` }];
    }
    if (q.get('with_count') === 'true') body.count = total;
    return json(200, body);
  }

  /** Pagination misbehaviours: a page whose next link is hostile. */
  function hostilePage(behaviour: Behaviour, url: URL): Reply {
    const q = url.searchParams;
    const limit = Math.max(1, Number(q.get('limit') ?? 2) || 2);
    const pageNo = Number(q.get('page') ?? 0);
    const path = url.pathname;
    let items: { id: string; name: string }[];
    let nextHref: string;
    if (behaviour === 'endless-pages') {
      // Fresh ids on every page, so only a page or item cap stops the walk, not cycle detection.
      items = Array.from({ length: limit }, (_, i) => ({ id: randomUUID(), name: `endless-${pageNo}-${i}` }));
      const next = new URLSearchParams(q);
      next.set('marker', items[items.length - 1]!.id);
      next.set('page', String(pageNo + 1));
      nextHref = `${base}${path}?${next}`;
    } else if (behaviour === 'pagination-cycle') {
      // Page 0 and page 1 point at each other; the same items come back.
      items = backups.slice(pageNo % 2 === 0 ? 0 : 2, pageNo % 2 === 0 ? 2 : 4);
      const next = new URLSearchParams(q);
      next.set('marker', items[items.length - 1]!.id);
      next.set('page', String(pageNo % 2 === 0 ? 1 : 0));
      nextHref = `${base}${path}?${next}`;
    } else {
      items = backups.slice(0, Math.min(limit, backups.length));
      const next = new URLSearchParams(q);
      next.set('marker', items[items.length - 1]!.id);
      nextHref = `${options.otherHostUrl ?? 'http://127.0.0.1:9'}${path}?${next}`;
    }
    return json(200, { backups: items.map(backupItem), backups_links: [{ rel: 'next', href: nextHref }] });
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, {
      'x-openstack-request-id': `req-${randomUUID()}`,
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body)),
    });
    res.end(reply.body);
  }

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  async function misbehave(
    behaviour: Behaviour,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    clean: Reply,
  ): Promise<void> {
    switch (behaviour) {
      case 'no-response':
        // Headers never come; the socket stays open until the client gives up or the server closes.
        return;
      case 'drip': {
        const bytes = Buffer.from(clean.body);
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(bytes.length) });
        res.flushHeaders();
        let i = 0;
        const tick = (): void => {
          if (res.destroyed || i >= bytes.length) return void res.end();
          res.write(bytes.subarray(i, i + 1));
          i += 1;
          later(options.dripIntervalMs ?? 1000, tick);
        };
        tick();
        return;
      }
      case 'huge-body': {
        // Chunked, so a client cannot refuse it from Content-Length alone; valid JSON if read whole.
        const total = options.hugeBodyBytes ?? 100 * 1024 * 1024;
        res.writeHead(200, { 'content-type': JSON_TYPE });
        const head = Buffer.from('{"images": [], "padding": "');
        const tail = Buffer.from('"}');
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        res.write(head);
        sent += head.length;
        const pump = (): void => {
          while (!res.destroyed && sent < total - tail.length) {
            const n = Math.min(chunk.length, total - tail.length - sent);
            sent += n;
            if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end(tail);
        };
        pump();
        return;
      }
      case 'invalid-json':
        return send(res, {
          ...clean,
          status: 200,
          headers: { 'content-type': JSON_TYPE },
          body: `${clean.body.slice(0, -7)},,}`,
        });
      case 'html-error':
        return send(res, {
          status: 502,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy received an invalid response from an upstream server.</p><hr><address>nginx</address></body></html>',
        });
      case 'wrong-content-type':
        return send(res, { ...clean, headers: { ...clean.headers, 'content-type': 'text/plain; charset=utf-8' } });
      case 'missing-content-type': {
        const { 'content-type': _dropped, ...rest } = clean.headers;
        res.removeHeader('content-type');
        return send(res, { ...clean, headers: rest });
      }
      case 'redirect-other-host':
        return send(res, {
          status: 302,
          headers: {
            location: `${options.otherHostUrl ?? 'http://127.0.0.1:9'}${url.pathname}${url.search}`,
            'content-type': 'text/plain',
          },
          body: 'Found',
        });
      case 'pagination-other-host':
      case 'pagination-cycle':
      case 'endless-pages':
        return send(res, hostilePage(behaviour, url));
      case 'reset-mid-body': {
        const bytes = Buffer.from(clean.body.length > 40 ? clean.body : clean.body.padEnd(400, ' '));
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
          later(50, () => req.socket.resetAndDestroy());
        });
        return;
      }
      case 'gzip-bomb': {
        const bomb = await gzipBomb(options.bombBytes ?? 1024 * 1024 * 1024);
        res.writeHead(200, {
          'content-type': JSON_TYPE,
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        });
        res.end(bomb);
        return;
      }
      case 'echo-token': {
        // The token comes back in a header, in the body and inside an error message.
        const token = String(req.headers['x-auth-token'] ?? '');
        const body = JSON.parse(clean.body || '{}') as Record<string, unknown>;
        body.echo = { token, note: `received X-Auth-Token ${token}` };
        return send(res, {
          ...clean,
          headers: { ...clean.headers, 'x-echo-token': token },
          body: JSON.stringify(body),
        });
      }
      case 'deep-nesting': {
        // Valid JSON whose first object value (and a 'nested' key) holds arrays 10,000 levels deep.
        const depth = 10_000;
        const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
        const body = clean.body.trim().startsWith('{') ? (JSON.parse(clean.body) as Record<string, unknown>) : {};
        const inner = Object.values(body).find((v) => v && typeof v === 'object' && !Array.isArray(v)) as
          Record<string, unknown> | undefined;
        const list = Object.values(body).find((v) => Array.isArray(v)) as Record<string, unknown>[] | undefined;
        const holder = inner ?? list?.[0] ?? body;
        const marker = '"__cac_deep__"';
        holder.nested = '__cac_deep__';
        holder.status = '__cac_deep__';
        return send(res, { ...clean, body: JSON.stringify(body).replaceAll(marker, deep) });
      }
      default:
        return send(res, clean);
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = req.method ?? 'GET';
    const op = route(method, url);
    const own = behaviourOf(op);
    const hostile = own !== 'clean' && own !== 'die-mid-run';
    requests.push({
      at: Date.now(),
      method,
      path: `${url.pathname}${url.search}`,
      operation: op,
      headers: req.headers,
      hostile,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > 1024 * 1024) return void req.socket.destroy();
      chunks.push(c);
    }
    const raw = Buffer.concat(chunks).toString('utf8');

    // A redirect goes out before any auth, as a misconfigured proxy in front would send it.
    if (own === 'redirect-other-host') return misbehave(own, req, res, url, json(200, {}));
    const revoked = options.revokeAfterRequests !== undefined && answered >= options.revokeAfterRequests;
    if (req.headers['x-auth-token'] !== options.token || revoked) {
      const reply = unauthorized();
      if (own === 'echo-token') {
        // Echo even a wrong token: a hostile 401 that quotes what it was sent.
        reply.body = JSON.stringify({
          error: { code: 401, message: `Token ${String(req.headers['x-auth-token'] ?? '')} is not valid` },
        });
      }
      return send(res, reply);
    }
    const clean = cleanReply(method, url, op, raw);
    const v = req.headers['openstack-api-version'];
    if (op === 'backup-list') {
      const version = typeof v === 'string' ? /^volume (\d+)\.(\d+)$/.exec(v.trim()) : null;
      if (version && (Number(version[1]) !== 3 || Number(version[2]) > 71)) {
        return send(
          res,
          json(406, {
            computeFault: {
              code: 406,
              message: `Version ${version[1]}.${version[2]} is not supported by the API. Minimum is 3.0 and maximum is 3.71.`,
            },
          }),
        );
      }
      clean.headers['openstack-api-version'] = version ? `volume ${version[1]}.${version[2]}` : 'volume 3.0';
      clean.headers.vary = 'OpenStack-API-Version';
    }
    if (hostile) return misbehave(own, req, res, url, clean);
    send(res, clean);
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (dead) return void req.socket.destroy();
    handle(req, res)
      .catch((err: unknown) => {
        if (!res.headersSent) send(res, json(500, { error: { code: 500, message: String(err) } }));
        else res.destroy();
      })
      .finally(() => {
        answered += 1;
        if (behaviour === 'die-mid-run' && !dead && answered >= (options.dieAfterRequests ?? 8)) {
          dead = true;
          // Dies like a crashed process: listener gone, every open connection cut.
          server.close();
          for (const s of sockets) s.destroy();
        }
      });
  };

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : http.createServer(listener);
  server.keepAliveTimeout = 2_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A refused TLS handshake from the suite is the expected outcome, not a crash.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  return {
    url: base,
    projectId,
    endpoints: {
      orchestration: `${base}/v1/${projectId}`,
      image: base,
      'block-storage': `${base}/v3/${projectId}`,
    },
    requests,
    died: () => dead,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
