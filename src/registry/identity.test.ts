import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MUNICIPALITIES, normaliseExpedition } from './geography/geography.ts';
import { checkIdentity, loadIdentityFormat } from './identity.ts';

const format = loadIdentityFormat('2021-01-01');

test('CI number length limits come from the dated parameters', () => {
  assert.equal(format.ciNumberMinDigits, 4);
  assert.equal(format.ciNumberMaxDigits, 10);
  assert.deepEqual(checkIdentity(format, '1234', ''), { ciNumber: '1234', complemento: '' });
  assert.match(String(checkIdentity(format, '123', '')), /4 to 10 digits/);
  assert.deepEqual(checkIdentity(format, '1234567890', ''), { ciNumber: '1234567890', complemento: '' });
  assert.match(String(checkIdentity(format, '12345678901', '')), /4 to 10 digits/);
});

test('CI numbers: digits only, no leading zero; complemento upper-cased, alphanumeric', () => {
  assert.deepEqual(checkIdentity(format, ' 4567890 ', '1a'), { ciNumber: '4567890', complemento: '1A' });
  assert.match(String(checkIdentity(format, '45678X0', '')), /digits only/);
  assert.match(String(checkIdentity(format, '0456789', '')), /must not start with 0/);
  assert.match(String(checkIdentity(format, '', '')), /empty/);
  assert.match(String(checkIdentity(format, '4567890', '1-A')), /letters or digits/);
  assert.match(String(checkIdentity(format, '4567890', 'ABCDEF')), /up to 5/);
});

test('expedition aliases for Beni and Pando are accepted', () => {
  assert.equal(normaliseExpedition('BE'), 'BN');
  assert.equal(normaliseExpedition('bn'), 'BN');
  assert.equal(normaliseExpedition('PA'), 'PD');
  assert.equal(normaliseExpedition('S.C.'), 'SC');
  assert.equal(normaliseExpedition('XX'), undefined);
});

test('339 municipalities, each within its department', () => {
  assert.equal(MUNICIPALITIES.length, 339);
  const perDepartment = new Map<number, number>();
  for (const m of MUNICIPALITIES) {
    assert.equal(Number(m.code.slice(0, 2)), m.departmentCode);
    perDepartment.set(m.departmentCode, (perDepartment.get(m.departmentCode) ?? 0) + 1);
  }
  assert.deepEqual([...perDepartment.values()], [29, 87, 47, 35, 40, 11, 56, 19, 15]);
});
