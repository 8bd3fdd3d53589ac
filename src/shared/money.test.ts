import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decimalBolivianos, formatBolivianos } from './money.ts';

test('decimalBolivianos is exact where a float is not', () => {
  assert.equal(decimalBolivianos(0n), '0.00');
  assert.equal(decimalBolivianos(5n), '0.05');
  assert.equal(decimalBolivianos(100_000n), '1000.00');
  assert.equal(decimalBolivianos(-1_250n), '-12.50');
  // Past 2^53 centavos a Number division rounds: the float gives 90071992547409.92.
  assert.notEqual(String(Number(9_007_199_254_740_993n) / 100), '90071992547409.93');
  assert.equal(decimalBolivianos(9_007_199_254_740_993n), '90071992547409.93');
});

test('formatBolivianos writes the Bolivian and the English way', () => {
  assert.equal(formatBolivianos(123_456_78n), 'Bs 123.456,78');
  assert.equal(formatBolivianos(123_456_78n, 'en'), 'Bs 123,456.78');
  assert.equal(formatBolivianos(-5n), '-Bs 0,05');
});
