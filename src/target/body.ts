// Bounded request-body reading: a declared Content-Length over the cap is refused before reading,
// a chunked body is read only up to the cap, so an oversize body can never exhaust memory.
import type { Context } from 'hono';

export type BodyRead = { kind: 'ok'; text: string } | { kind: 'too-large'; length: number };

export async function readBody(c: Context, max: number): Promise<BodyRead> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) return { kind: 'too-large', length: declared };
  const stream = c.req.raw.body;
  if (!stream) return { kind: 'ok', text: '' };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'too-large', length: total };
    }
    chunks.push(value);
  }
  return { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') };
}

/** Media type without parameters, lower case (`application/json; charset=utf-8` → `application/json`). */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Python's json error text is what Heat echoes; JavaScript's is close enough and names the position. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
