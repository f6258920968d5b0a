import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakedSecrets, redactDeep, redactSecrets, redactText } from '../../src/lib/redact.ts';

const SECRET = 'gAAAAAB-tok"en/with+odd&chars<';

const FORMS: { name: string; text: string }[] = [
  { name: 'raw', text: `token ${SECRET} here` },
  { name: 'JSON-escaped', text: JSON.stringify({ t: SECRET }) },
  { name: 'URL-encoded', text: `http://x/?t=${encodeURIComponent(SECRET)}` },
  {
    name: 'HTML-escaped',
    text: `<td>${SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</td>`,
  },
  { name: 'JSON-escaped twice', text: JSON.stringify(JSON.stringify({ t: SECRET })) },
];

for (const form of FORMS) {
  test(`a secret written ${form.name} is masked`, () => {
    assert.deepEqual(leakedSecrets(form.text, [SECRET]), [SECRET], 'the form is recognised as a leak');
    const out = redactSecrets(form.text, [SECRET]);
    assert.deepEqual(leakedSecrets(out, [SECRET]), []);
    assert.match(out, /\*\*\*/);
  });
}

test('a credential header quoted in a message or a JSON body is masked whatever its value', () => {
  assert.equal(
    redactText("curl -H 'X-Auth-Token: unknown-value' http://h", []),
    "curl -H 'X-Auth-Token: ***' http://h",
  );
  assert.equal(redactText('Authorization: Bearer abc.def', []), 'Authorization: ***');
  assert.equal(redactText('{"x-auth-token": "abc\\"def", "a": 1}', []), '{"x-auth-token": "***", "a": 1}');
  assert.equal(redactText("curl -H 'X-Auth-Token: ***' http://h", []), "curl -H 'X-Auth-Token: ***' http://h");
});

test('whole-file redaction keeps JSON parseable', () => {
  const text = JSON.stringify({ a: `x${SECRET}y`, b: [SECRET] });
  assert.deepEqual(JSON.parse(redactSecrets(text, [SECRET])), { a: 'x***y', b: ['***'] });
});

test('deep redaction reaches keys and nested strings, and ignores secrets too short to be one', () => {
  const out = redactDeep({ [SECRET]: { list: [`a ${SECRET}`], n: 1 }, short: 'abc' }, [SECRET, 'abc']);
  assert.deepEqual(out, { '***': { list: ['a ***'], n: 1 }, short: 'abc' });
});
