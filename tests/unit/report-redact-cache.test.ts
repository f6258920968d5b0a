import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakedSecrets, MASK, redactDeep, redactSecrets, redactText } from '../../src/lib/redact.ts';

const TOKEN = 'gAAAAAB-token/with+odd&chars<"';
const PASSWORD = 'hunter2-password';
const LATE = 'late-secret-0123';

/** A text holding each secret in each form the module masks (raw, JSON, URL, HTML, JSON twice). */
function leaky(...secrets: string[]): string {
  return secrets
    .map((s) =>
      [
        `raw ${s} end`,
        JSON.stringify({ s }),
        `http://h/?q=${encodeURIComponent(s)}`,
        `<td>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</td>`,
        JSON.stringify(JSON.stringify({ s })),
      ].join('\n'),
    )
    .join('\n');
}

test('a list reused many times gives the same output every time, and the same as a fresh copy', () => {
  const secrets = [TOKEN, PASSWORD];
  const text = leaky(TOKEN, PASSWORD, LATE);
  const value = { [TOKEN]: [`a ${PASSWORD}`, { deep: `X-Auth-Token: ${LATE}` }], n: 1 };
  const first = { s: redactSecrets(text, secrets), t: redactText(text, secrets), d: redactDeep(value, secrets) };
  assert.deepEqual(leakedSecrets(first.s, secrets), []);
  assert.ok(first.s.includes(LATE), 'a value that is not a secret stays');
  for (let i = 0; i < 50; i += 1) {
    assert.equal(redactSecrets(text, secrets), first.s);
    assert.equal(redactText(text, secrets), first.t);
    assert.deepEqual(redactDeep(value, secrets), first.d);
  }
  assert.equal(redactSecrets(text, [...secrets]), first.s);
  assert.equal(redactText(text, [...secrets]), first.t);
  assert.deepEqual(redactDeep(value, [...secrets]), first.d);
  assert.deepEqual(first.d, { '***': ['a ***', { deep: 'X-Auth-Token: ***' }], n: 1 });
});

test('a secret pushed onto a list already used is masked by redactSecrets', () => {
  const secrets = [TOKEN];
  const text = leaky(TOKEN, LATE);
  assert.ok(redactSecrets(text, secrets).includes(LATE));
  secrets.push(LATE);
  const out = redactSecrets(text, secrets);
  assert.deepEqual(leakedSecrets(out, secrets), []);
  assert.equal(out, redactSecrets(text, [TOKEN, LATE]));
});

test('a secret pushed onto a list already used is masked by redactText', () => {
  const secrets: string[] = [];
  assert.equal(redactText(`token ${LATE}`, secrets), `token ${LATE}`);
  secrets.push(LATE);
  assert.equal(redactText(`token ${LATE}`, secrets), `token ${MASK}`);
  assert.equal(redactText(`q=${encodeURIComponent(TOKEN)}`, secrets), `q=${encodeURIComponent(TOKEN)}`);
  secrets.push(TOKEN);
  assert.equal(redactText(`q=${encodeURIComponent(TOKEN)}`, secrets), `q=${MASK}`);
});

test('a secret pushed onto a list already used is masked by redactDeep', () => {
  const secrets = [PASSWORD];
  const value = { [LATE]: [`a ${LATE}`, PASSWORD], n: 2, b: true, z: null };
  assert.deepEqual(redactDeep(value, secrets), { [LATE]: [`a ${LATE}`, MASK], n: 2, b: true, z: null });
  secrets.push(LATE);
  assert.deepEqual(redactDeep(value, secrets), { [MASK]: [`a ${MASK}`, MASK], n: 2, b: true, z: null });
});

test('a secret replaced in place (same length list) and a list emptied in place are honoured', () => {
  const secrets = [PASSWORD, TOKEN];
  const text = `${PASSWORD} ${LATE}`;
  assert.equal(redactSecrets(text, secrets), `${MASK} ${LATE}`);
  secrets[0] = LATE;
  assert.equal(redactSecrets(text, secrets), `${PASSWORD} ${MASK}`);
  secrets.length = 0;
  assert.equal(redactSecrets(text, secrets), text);
  assert.equal(redactText(text, secrets), text);
});

test('a secret removed in place is no longer masked', () => {
  const secrets = [PASSWORD, LATE];
  assert.equal(redactText(`${PASSWORD} ${LATE}`, secrets), `${MASK} ${MASK}`);
  secrets.pop();
  assert.equal(redactText(`${PASSWORD} ${LATE}`, secrets), `${MASK} ${LATE}`);
});

test('the cache of one list does not leak into another list', () => {
  const a = [PASSWORD];
  const b = [LATE];
  assert.equal(redactText(`${PASSWORD} ${LATE}`, a), `${MASK} ${LATE}`);
  assert.equal(redactText(`${PASSWORD} ${LATE}`, b), `${PASSWORD} ${MASK}`);
  assert.equal(redactText(`${PASSWORD} ${LATE}`, a), `${MASK} ${LATE}`);
});

test('a secret containing another is masked whole, also when added later', () => {
  const inner = 'abcd1234';
  const outer = `xx-${inner}-yy`;
  const secrets = [inner];
  assert.equal(redactSecrets(`v=${outer}`, secrets), `v=xx-${MASK}-yy`);
  secrets.push(outer);
  assert.equal(redactSecrets(`v=${outer}`, secrets), `v=${MASK}`);
});

test('secrets shorter than 4 characters are ignored, also when pushed later', () => {
  const secrets = ['abc', 'x', ''];
  const text = 'abc x abcd';
  assert.equal(redactSecrets(text, secrets), text);
  assert.equal(redactText(text, secrets), text);
  assert.deepEqual(redactDeep({ abc: 'abc' }, secrets), { abc: 'abc' });
  secrets.push('ab');
  assert.equal(redactSecrets(text, secrets), text);
  secrets.push('abcd');
  assert.equal(redactSecrets(text, secrets), `abc x ${MASK}`);
  assert.deepEqual(leakedSecrets(text, secrets), ['abcd']);
});

test('credential headers in strings are masked even with no secrets', () => {
  assert.equal(redactText('X-Auth-Token: abc', []), `X-Auth-Token: ${MASK}`);
  assert.equal(redactText('x-auth-token:abc\nnext: line', []), `x-auth-token:${MASK}\nnext: line`);
  assert.equal(redactText('{"x-auth-token": "abc", "a": 1}', []), `{"x-auth-token": "${MASK}", "a": 1}`);
  assert.equal(redactText('{"X-Subject-Token":"abc"}', []), `{"X-Subject-Token":"${MASK}"}`);
  assert.equal(
    redactText("curl -H 'Authorization: Bearer abc' http://h", []),
    `curl -H 'Authorization: ${MASK}' http://h`,
  );
  assert.deepEqual(redactDeep({ m: 'X-Auth-Token: abc', j: ['{"x-auth-token": "abc"}'] }, []), {
    m: `X-Auth-Token: ${MASK}`,
    j: [`{"x-auth-token": "${MASK}"}`],
  });
  // Already masked stays as it is, and a string naming no credential header is untouched.
  assert.equal(redactText(`X-Auth-Token: ${MASK}`, []), `X-Auth-Token: ${MASK}`);
  assert.equal(redactText('X-Other: abc', []), 'X-Other: abc');
});

test('credential headers are masked the same on repeated calls with one list', () => {
  const secrets: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    assert.equal(redactText('X-Auth-Token: abc', secrets), `X-Auth-Token: ${MASK}`);
    assert.equal(redactText('"x-auth-token": "abc"', secrets), `"x-auth-token": "${MASK}"`);
  }
});

test('redactSecrets is for whole files: it masks secrets but not header values it does not know', () => {
  assert.equal(redactSecrets('X-Auth-Token: abc', []), 'X-Auth-Token: abc');
  assert.equal(redactSecrets(`X-Auth-Token: ${PASSWORD}`, [PASSWORD]), `X-Auth-Token: ${MASK}`);
});

test('a frozen list works and is cached like any other', () => {
  const secrets = Object.freeze([PASSWORD]);
  assert.equal(redactText(`p=${PASSWORD}`, secrets), `p=${MASK}`);
  assert.equal(redactText(`p=${PASSWORD}`, secrets), `p=${MASK}`);
});
