import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { tempDir } from '../support/temp.ts';
import { describeFindings, scanOutputs, secretForms } from '../support/secret-scan.ts';

const token = 'gAAAAABmZ3tok3n-Secret_value+/42xyz';
const password = 'p@ss word/ü&<x>';

function dir(): string {
  return tempDir('secret-scan');
}

/** A minimal zip (deflated entries), shaped like a Playwright trace archive. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const packed = zlib.deflateRawSync(data);
    const n = Buffer.from(name);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += local.length + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function scanText(text: string | Buffer, secrets = [token, password]) {
  const d = dir();
  writeFileSync(path.join(d, 'out.txt'), text);
  return scanOutputs({ paths: [d], secrets });
}

describe('secret scan', () => {
  it('finds nothing in a clean output and says what it scanned', async () => {
    const r = await scanText('{"X-Auth-Token":"***","reproduce":"curl -H \'X-Auth-Token: ***\'"}');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.problems, []);
    assert.equal(r.scanned.length, 1);
  });

  const encodings: Array<[string, (s: string) => string]> = [
    ['raw', (s) => s],
    ['url', (s) => encodeURIComponent(s)],
    ['json', (s) => JSON.stringify(s)],
    ['html', (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')],
    ['hex', (s) => Buffer.from(s).toString('hex')],
    ['base64', (s) => Buffer.from(s).toString('base64')],
    ['base64url', (s) => Buffer.from(s).toString('base64url')],
    // Inside a larger base64 blob, at each of the three byte alignments.
    ['base64 +1', (s) => Buffer.from(`a${s}tail`).toString('base64')],
    ['base64 +2', (s) => Buffer.from(`ab${s}tail`).toString('base64')],
    ['base64 +3', (s) => Buffer.from(`abc${s}tail`).toString('base64')],
  ];
  for (const [name, encode] of encodings) {
    for (const [which, secret] of [
      ['token', token],
      ['password', password],
    ] as const) {
      it(`finds the ${which} written as ${name}`, async () => {
        const r = await scanText(`before ${encode(secret)} after`);
        assert.ok(
          r.findings.some((f) => f.secretIndex === (which === 'token' ? 0 : 1)),
          `not found: ${name}`,
        );
      });
    }
  }

  it('never names the secret itself in what it reports', async () => {
    const r = await scanText(`x ${token} y`);
    const text = describeFindings(r);
    assert.match(text, /secret #0 \(raw\)/);
    assert.ok(!text.includes(token));
  });

  it('opens gzip files and zip archives (Playwright traces)', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'a.json.gz'), zlib.gzipSync(Buffer.from(`{"t":"${token}"}`)));
    writeFileSync(
      path.join(d, 'trace.zip'),
      zip({ 'trace.network': `{"headers":[{"name":"X-Auth-Token","value":"${token}"}]}`, 'plain.txt': 'nothing here' }),
    );
    const r = await scanOutputs({ paths: [path.join(d, 'a.json.gz'), path.join(d, 'trace.zip')], secrets: [token] });
    assert.deepEqual(r.problems, []);
    const where = r.findings.map((f) => f.where);
    assert.ok(
      where.some((w) => w.endsWith('a.json.gz!gunzip')),
      where.join(),
    );
    assert.ok(
      where.some((w) => w.endsWith('trace.zip!trace.network')),
      where.join(),
    );
    assert.ok(!where.some((w) => w.includes('plain.txt')));
  });

  it('scans captured streams by name', async () => {
    const r = await scanOutputs({
      paths: [],
      texts: { stdout: 'ok', stderr: `Error: token ${token}` },
      secrets: [token],
    });
    assert.deepEqual(
      r.findings.map((f) => f.where),
      ['stderr'],
    );
  });

  it('reports an archive it cannot open as a problem, not as clean', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]);
    const r = await scanText(broken);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, /cannot open archive/);
  });

  it('skips a path that does not exist (a report the run never wrote is checked elsewhere)', async () => {
    const r = await scanOutputs({ paths: [path.join(dir(), 'missing')], secrets: [token] });
    assert.deepEqual(r, { findings: [], scanned: [], problems: [] });
  });

  it('keeps base64 fragments long enough not to match by chance', () => {
    for (const f of secretForms('abcdefghijklmnop')) assert.ok(f.bytes.length >= 10, f.form);
  });
});
