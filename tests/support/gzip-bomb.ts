// A gzip body that inflates to `bytes` zeros (about 1000:1), built in milliseconds: one deflate
// segment of 1 MiB of zeros ending in a full flush (byte-aligned, no back-references across it) is
// repeated, then a final empty block and the gzip trailer close the stream.
import zlib from 'node:zlib';

const SEGMENT = 1024 * 1024;
const cache = new Map<number, Promise<Buffer>>();

function build(bytes: number): Buffer {
  const zeros = Buffer.alloc(SEGMENT);
  const segment = zlib.deflateRawSync(zeros, { level: 9, memLevel: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const whole = Math.floor(bytes / SEGMENT);
  const rest = bytes % SEGMENT;
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])];
  let crc = 0;
  for (let i = 0; i < whole; i += 1) {
    parts.push(segment);
    crc = zlib.crc32(zeros, crc);
  }
  if (rest > 0) {
    parts.push(zlib.deflateRawSync(zeros.subarray(0, rest), { finishFlush: zlib.constants.Z_FULL_FLUSH }));
    crc = zlib.crc32(zeros.subarray(0, rest), crc);
  }
  // Final empty block with fixed Huffman codes: BFINAL=1, BTYPE=01, end-of-block.
  parts.push(Buffer.from([0x03, 0x00]));
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(bytes % 2 ** 32, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}

/** The gzip bytes of `bytes` zeros; memoised, since tests ask for the same size repeatedly. */
export function gzipBomb(bytes: number): Promise<Buffer> {
  let p = cache.get(bytes);
  if (!p) {
    p = Promise.resolve().then(() => build(bytes));
    cache.set(bytes, p);
  }
  return p;
}
