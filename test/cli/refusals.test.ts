import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ayni } from '../helpers/cli.ts';

/**
 * Refusals that end a command before it touches a database, now failure values (issue #15 §3):
 * each prints the same one English line as before and exits 1 — a bad environment variable at
 * start-up, `ayni synth`'s and `ayni audit`'s options, `ayni database stop` on a server ayni does
 * not manage.
 */

const refused = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const r = await ayni(args, { env });
  assert.equal(r.code, 1, `exit 1 for ayni ${args.join(' ')}: ${r.err}`);
  assert.equal(r.out, '', 'nothing on standard output');
  return r.err;
};

test('a bad environment variable stops every command at start-up, naming the variable', async () => {
  const err = await refused(['migrate'], { PORT: '99999' });
  assert.match(err, /^ayni: Environment variable PORT is invalid: .+\. Fix it or unset it\.$/);
  // A secret's value is never repeated.
  const secret = 'ak_0123456789abcdef.not-a-secret-of-the-right-form';
  const bad = await refused(['migrate'], { AYNI_CREDENTIAL: secret });
  assert.equal(
    bad,
    'ayni: Environment variable AYNI_CREDENTIAL is invalid: must be a credential as issued, ak_<id>.<secret>. Fix it or unset it.',
  );
});

test('ayni synth refuses options it cannot use before generating anything', async () => {
  const out = ['--out', '/nonexistent/ayni-synth-refusal'];
  assert.equal(
    await refused(['synth', '--people', '0', ...out]),
    'ayni: --people must be a positive whole number.',
  );
  assert.equal(
    await refused(['synth', '--people', '10', '--seed', '-1', ...out]),
    'ayni: --seed must be a whole number ≥ 0.',
  );
  assert.equal(
    await refused(['synth', '--people', '10', '--as-of', '2021-02-30', ...out]),
    'ayni: --as-of "2021-02-30" is not a date YYYY-MM-DD.',
  );
});

test('ayni audit refuses an anchor that is not SEQ:HASH', async () => {
  assert.equal(
    await refused(['audit', 'verify', '--anchor', '12:nothex']),
    'ayni: --anchor "12:nothex" must be SEQ:HASH, as printed by an earlier verify.',
  );
});

test('ayni database stop leaves a server named by DATABASE_URL alone', async () => {
  assert.equal(
    await refused(['database', 'stop'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }),
    'ayni: DATABASE_URL is set: ayni does not manage that server. Stop it with its own tools.',
  );
});
