// Error bodies exactly as each upstream layer writes them. Four shapes exist, one per layer:
// keystonemiddleware / Keystone `{"error": {...}}`, Heat's FaultWrapper, Cinder's `{"<faultName>": {...}}`,
// and raw webob exceptions (Glance v1, and any router miss), whose format follows the Accept header.

/** webob's titles and explanations (webob 1.7.4 `exc.py`). */
export const WEBOB: Record<number, { title: string; explanation: string }> = {
  400: {
    title: 'Bad Request',
    explanation: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  },
  401: {
    title: 'Unauthorized',
    explanation:
      'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.',
  },
  403: { title: 'Forbidden', explanation: 'Access was denied to this resource.' },
  404: { title: 'Not Found', explanation: 'The resource could not be found.' },
  405: { title: 'Method Not Allowed', explanation: 'The method is not allowed for this resource.' },
  406: {
    title: 'Not Acceptable',
    explanation:
      'The resource could not be generated that was acceptable to your browser (content of type application/json).',
  },
  413: { title: 'Request Entity Too Large', explanation: 'The body of your request was too large for this server.' },
  415: { title: 'Unsupported Media Type', explanation: 'The request media type is not supported by this server.' },
  500: {
    title: 'Internal Server Error',
    explanation: 'The server has either erred or is incapable of performing the requested operation.',
  },
};

export interface ErrorResponse {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): ErrorResponse => ({
  status,
  body: JSON.stringify(body),
  contentType: 'application/json',
  ...(headers ? { headers } : {}),
});

// ---- keystonemiddleware and Keystone ----

export const UNAUTHORIZED_MESSAGE = 'The request you have made requires authentication.';

/** keystonemiddleware's 401, the same for all three services (neither Heat's, Cinder's nor Glance's format). */
export function keystoneMiddleware401(authUrl: string): ErrorResponse {
  return json(
    401,
    { error: { code: 401, title: 'Unauthorized', message: UNAUTHORIZED_MESSAGE } },
    {
      'WWW-Authenticate': `Keystone uri="${authUrl}"`,
    },
  );
}

export function keystoneError(code: number, title: string, message: string): ErrorResponse {
  return json(code, { error: { code, title, message } });
}

// ---- Heat (heat/api/middleware/fault.py) ----

/** `message` is omitted for "unsafe" exceptions (plain Python errors), as Heat does. */
export function heatFault(code: number, type: string, message?: string): ErrorResponse {
  const w = WEBOB[code] ?? WEBOB[500]!;
  const error: Record<string, unknown> = { type, traceback: null };
  if (message !== undefined) error.message = message;
  return json(code, { code, title: w.title, explanation: w.explanation, error });
}

// ---- Cinder (cinder/api/openstack/wsgi.py Fault) ----

const CINDER_FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function cinderFault(code: number, message: string): ErrorResponse {
  const name = CINDER_FAULT_NAMES[code] ?? 'computeFault';
  return json(code, { [name]: { code, message } });
}

// ---- raw webob (Glance v1, router misses) ----

/**
 * webob `generate_response`: JSON for `Accept: application/json`, HTML when HTML is acceptable
 * (including `*\/*`), plain text when no Accept header is sent.
 */
export function webobError(
  code: number,
  detail: string,
  accept: string | undefined,
  explanation?: string,
): ErrorResponse {
  const w = WEBOB[code] ?? WEBOB[500]!;
  const status = `${code} ${w.title}`;
  const expl = explanation ?? w.explanation;
  const best = bestMatch(accept);
  if (best === 'application/json') {
    return json(code, { message: `${expl}<br /><br />\n${detail}\n\n`, code: status, title: w.title });
  }
  if (best === 'text/html') {
    const body = `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${expl}<br /><br />\n${escapeHtml(detail)}\n\n\n </body>\n</html>`;
    return { status: code, body, contentType: 'text/html; charset=UTF-8' };
  }
  return { status: code, body: `${status}\n\n${expl}\n\n ${detail}  `, contentType: 'text/plain; charset=UTF-8' };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** webob MIMEAccept.best_match(['text/html', 'application/json']) with q-values; undefined = no header. */
function bestMatch(accept: string | undefined): 'text/html' | 'application/json' | 'text/plain' {
  if (accept === undefined || accept.trim() === '') return 'text/plain';
  let best: { type: 'text/html' | 'application/json'; q: number } | undefined;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2) ?? '1',
    );
    const r = range.trim().toLowerCase();
    for (const type of ['text/html', 'application/json'] as const) {
      const [t, s] = type.split('/');
      const ok = r === type || r === '*/*' || r === `${t}/*`;
      void s;
      if (ok && q > 0 && (!best || q > best.q)) best = { type, q };
    }
  }
  return best?.type ?? 'text/plain';
}
