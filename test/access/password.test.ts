import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPasswordPolicy,
  DEFAULT_ACCESS_SETTINGS,
  hashPassword,
  verifyPassword,
} from '../../src/access/index.ts';
import { commonPasswordCount, spendPasswordCheck } from '../../src/access/password.ts';
import { describeFailure } from '../../src/messages/index.ts';

const FAST = { memoryKiB: 1024, timeCost: 1, parallelism: 1 };

test('argon2id with the documented default parameters: hash, verify, refuse a wrong password', async () => {
  const params = DEFAULT_ACCESS_SETTINGS.password.argon2;
  assert.deepEqual(params, { memoryKiB: 19_456, timeCost: 2, parallelism: 1 });
  const hash = await hashPassword('correct horse battery', params);
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.deepEqual(await verifyPassword(hash, 'correct horse battery', params), {
    ok: true,
    needsRehash: false,
  });
  assert.deepEqual(await verifyPassword(hash, 'correct horse batterY', params), {
    ok: false,
    needsRehash: false,
  });
});

test('each hash has its own salt', async () => {
  const a = await hashPassword('the same password', FAST);
  const b = await hashPassword('the same password', FAST);
  assert.notEqual(a, b);
  assert.ok((await verifyPassword(a, 'the same password', FAST)).ok);
  assert.ok((await verifyPassword(b, 'the same password', FAST)).ok);
});

test('a hash made with other parameters still verifies and asks to be rehashed', async () => {
  const old = await hashPassword('correct horse battery', FAST);
  const stronger = { ...FAST, timeCost: 2 };
  assert.deepEqual(await verifyPassword(old, 'correct horse battery', stronger), {
    ok: true,
    needsRehash: true,
  });
  assert.deepEqual(await verifyPassword(old, 'correct horse battery', FAST), {
    ok: true,
    needsRehash: false,
  });
});

test('a malformed stored hash never matches', async () => {
  assert.deepEqual(await verifyPassword('not a hash', 'anything at all', FAST), {
    ok: false,
    needsRehash: true,
  });
  assert.deepEqual(await verifyPassword('$argon2id$v=19$m=1024,t=1,p=1$xx$yy', 'anything at all', FAST), {
    ok: false,
    needsRehash: true,
  });
});

test('passwords are normalised (NFKC) before hashing: composed and decomposed ñ are the same', async () => {
  const composed = 'contraseña segura';
  const decomposed = 'contrasen\u0303a segura';
  assert.notEqual(composed, decomposed);
  const hash = await hashPassword(composed, FAST);
  assert.ok((await verifyPassword(hash, decomposed, FAST)).ok);
});

test('the dummy check for unknown usernames always fails', async () => {
  assert.equal(await spendPasswordCheck('correct horse battery', FAST), false);
  assert.equal(await spendPasswordCheck('', FAST), false);
});

test('password policy: at least 12 characters, at most 256, not the username', () => {
  const s = DEFAULT_ACCESS_SETTINGS;
  assert.deepEqual(checkPasswordPolicy('ana.quispe', 'elevenchars', s), {
    code: 'password_too_short',
    minLength: 12,
  });
  assert.equal(checkPasswordPolicy('ana.quispe', 'twelve chars', s), undefined);
  // Counted in characters, not bytes or UTF-16 units: 12 emoji are 12 characters.
  assert.equal(checkPasswordPolicy('ana.quispe', '🦙🌽'.repeat(6), s), undefined);
  assert.deepEqual(checkPasswordPolicy('ana.quispe', '🦙'.repeat(11), s)?.code, 'password_too_short');
  assert.deepEqual(checkPasswordPolicy('ana.quispe', 'x'.repeat(257), s), {
    code: 'password_too_long',
    maxLength: 256,
  });
  assert.deepEqual(checkPasswordPolicy('maria.quispe1', 'Maria.Quispe1', s), {
    code: 'password_equals_username',
  });
  assert.equal(checkPasswordPolicy('maria.quispe1', 'maria.quispe12', s), undefined);
});

test('password policy: a password on the common-password list is refused, whatever its case', () => {
  const s = DEFAULT_ACCESS_SETTINGS;
  assert.ok(commonPasswordCount() >= 10_000, `the list has ${commonPasswordCount()} entries`);
  for (const password of ['password1234', 'PASSWORD1234', 'Password1234', '1qaz2wsx3edc', 'Administrator']) {
    assert.deepEqual(checkPasswordPolicy('ana.quispe', password, s), { code: 'password_common' }, password);
  }
  // Spaces around or inside a listed password do not make it another one.
  assert.equal(checkPasswordPolicy('ana.quispe', '  password1234  ', s)?.code, 'password_common');
  assert.equal(checkPasswordPolicy('ana.quispe', 'password 1234', s)?.code, 'password_common');
  // A passphrase of a few words is not on the list.
  assert.equal(checkPasswordPolicy('ana.quispe', 'correct horse battery', s), undefined);
  assert.equal(checkPasswordPolicy('ana.quispe', 'llama quinua salteña', s), undefined);
});

test('password policy: only white space is refused, however long', () => {
  const s = DEFAULT_ACCESS_SETTINGS;
  for (const password of [
    ' '.repeat(12),
    '\t'.repeat(12),
    ' \t\n'.repeat(5),
    '\u3000'.repeat(12),
    '\u00a0'.repeat(40),
  ]) {
    assert.deepEqual(
      checkPasswordPolicy('ana.quispe', password, s),
      { code: 'password_blank' },
      JSON.stringify(password),
    );
  }
  // Too short is still said first: the length rule tells the user what to do.
  assert.equal(checkPasswordPolicy('ana.quispe', ' '.repeat(11), s)?.code, 'password_too_short');
});

test('password policy: one character repeated is refused, whatever its case', () => {
  const s = DEFAULT_ACCESS_SETTINGS;
  for (const password of [
    'aaaaaaaaaaaa',
    'AAAAAAAAAAAAAAAAAAAA',
    'aAaAaAaAaAaA',
    '111111111111',
    '🦙'.repeat(12),
    'ñ'.repeat(12),
  ]) {
    assert.deepEqual(
      checkPasswordPolicy('ana.quispe', password, s),
      { code: 'password_one_character' },
      password,
    );
  }
  // Two characters are not one: the list and the length rule judge those.
  assert.equal(checkPasswordPolicy('ana.quispe', 'ab'.repeat(6) + 'c', s), undefined);
});

test('password policy messages say what to do, in Spanish and English', () => {
  for (const code of ['password_common', 'password_blank', 'password_one_character'] as const) {
    const es = describeFailure({ code }, 'es').detail;
    const en = describeFailure({ code }, 'en').detail;
    assert.match(es, /Elija/, es);
    assert.match(en, /Choose/, en);
  }
});
