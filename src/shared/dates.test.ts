import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, ageOn, dateOfAge, parseIsoDate } from './dates.ts';

test('parseIsoDate accepts real days only', () => {
  assert.equal(parseIsoDate('2020-09-16'), '2020-09-16');
  assert.equal(parseIsoDate('2020-02-29'), '2020-02-29');
  assert.equal(parseIsoDate('2021-02-29'), undefined);
  assert.equal(parseIsoDate('1900-02-29'), undefined);
  assert.equal(parseIsoDate('2000-02-29'), '2000-02-29');
  assert.equal(parseIsoDate('2020-13-01'), undefined);
  assert.equal(parseIsoDate('2020-04-31'), undefined);
  assert.equal(parseIsoDate('16/09/2020'), undefined);
  assert.equal(parseIsoDate('2020-9-16'), undefined);
});

test('ageOn counts completed years, on both sides of the birthday', () => {
  assert.equal(ageOn('2002-09-16', '2020-09-16'), 18);
  assert.equal(ageOn('2002-09-17', '2020-09-16'), 17);
  assert.equal(ageOn('1961-03-01', '2021-03-01'), 60);
  assert.equal(ageOn('1961-03-02', '2021-03-01'), 59);
  assert.equal(ageOn('2000-02-29', '2021-02-28'), 20);
  assert.equal(ageOn('2000-02-29', '2021-03-01'), 21);
});

test('dateOfAge and addDays', () => {
  assert.equal(dateOfAge('2002-09-16', 18), '2020-09-16');
  assert.equal(dateOfAge('2000-02-29', 21), '2021-03-01');
  assert.equal(dateOfAge('2000-02-29', 24), '2024-02-29');
  assert.equal(addDays('2020-12-01', 90), '2021-03-01');
  assert.equal(addDays('2020-12-31', 1), '2021-01-01');
});
