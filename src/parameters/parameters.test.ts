import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { bolivianos, isoDate, ParameterError, parseParameters, percent } from './parameters.ts';

const SPEC = { max_days: z.number().int(), start: isoDate };
const YAML = `
max_days:
  description: Days allowed.
  values:
    "2020-11-13":
      value: 90
      reference: { instrument: DS 4392, article: Art. 8, url: "https://example.org/ds4392" }
    "2021-06-01":
      value: 120
      reference: { instrument: DS 9999, url: "https://example.org/ds9999" }
      note: "UNCONFIRMED: a later change."
start:
  description: Start.
  reference: "A parameter-level reference applies to every value."
  values:
    "2020-01-01": { value: "2020-12-01" }
`;

const refused = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof ParameterError && e.code === code && pattern.test(e.message);

test('value in force: the latest value that took effect on or before the date', () => {
  const p = parseParameters('t.yaml', YAML, SPEC);
  assert.equal(p.value('max_days', '2020-11-13'), 90);
  assert.equal(p.value('max_days', '2021-05-31'), 90);
  assert.equal(p.value('max_days', '2021-06-01'), 120);
  assert.equal(p.value('max_days', '2030-01-01'), 120);
  const at = p.at('max_days', '2021-07-01');
  assert.equal(at.effectiveFrom, '2021-06-01');
  assert.equal(at.note, 'UNCONFIRMED: a later change.');
  assert.deepEqual(at.references, [{ instrument: 'DS 9999', url: 'https://example.org/ds9999' }]);
  assert.deepEqual(p.at('start', '2021-01-01').references, [
    { text: 'A parameter-level reference applies to every value.' },
  ]);
});

test('a date before the first value is a clear error naming the parameter and the first date', () => {
  const p = parseParameters('t.yaml', YAML, SPEC);
  assert.throws(
    () => p.value('max_days', '2020-11-12'),
    refused('parameter_not_in_force', /max_days.*2020-11-12.*2020-11-13/),
  );
});

test('files are refused when a value lacks a reference, a key is not a date, or a value breaks its schema', () => {
  const noRef =
    'max_days:\n  description: d\n  values:\n    "2020-01-01": { value: 1 }\nstart:\n  description: s\n  reference: r\n  values:\n    "2020-01-01": { value: "2020-01-01" }\n';
  assert.throws(
    () => parseParameters('t.yaml', noRef, SPEC),
    refused('parameter_file_invalid', /max_days at 2020-01-01 has no reference/),
  );
  const badDate = YAML.replace('"2021-06-01"', '"2021-02-30"');
  assert.throws(
    () => parseParameters('t.yaml', badDate, SPEC),
    refused('parameter_file_invalid', /"2021-02-30" is not a date/),
  );
  const badValue = YAML.replace('value: 120', 'value: "120 days"');
  assert.throws(
    () => parseParameters('t.yaml', badValue, SPEC),
    refused('parameter_file_invalid', /max_days at 2021-06-01/),
  );
  assert.throws(
    () => parseParameters('t.yaml', YAML, { ...SPEC, other: z.number() }),
    refused('parameter_file_invalid', /missing parameters: other/),
  );
  assert.throws(
    () => parseParameters('t.yaml', YAML, { max_days: SPEC.max_days }),
    refused('parameter_file_invalid', /unknown parameters.*start/),
  );
  assert.throws(
    () => parseParameters('t.yaml', `${YAML}\n  surprise: 1\n`, SPEC),
    refused('parameter_file_invalid', /start/),
  );
});

test('overrides are validated and apply at every date', () => {
  const p = parseParameters('t.yaml', YAML, SPEC).withOverrides({ max_days: 7 });
  assert.equal(p.value('max_days', '1990-01-01'), 7);
  assert.match(String(p.at('max_days', '2021-01-01').references[0]?.text), /override/);
  assert.throws(
    () => parseParameters('t.yaml', YAML, SPEC).withOverrides({ max_days: 'x' }),
    refused('invalid_parameter_override', /max_days/),
  );
  assert.throws(
    () => parseParameters('t.yaml', YAML, SPEC).withOverrides({ nope: 1 }),
    refused('unknown_parameter', /nope/),
  );
});

test('money and percentages are parsed exactly, without floats', () => {
  assert.equal(bolivianos.parse(30000000), 3_000_000_000n);
  assert.equal(bolivianos.parse('30000000.01'), 3_000_000_001n);
  assert.equal(bolivianos.parse('0.5'), 50n);
  assert.equal(bolivianos.safeParse('1.005').success, false);
  assert.equal(bolivianos.safeParse(1.5).success, false);
  assert.equal(percent.parse('1.4%'), 140);
  assert.equal(percent.parse('2.45%'), 245);
  assert.equal(percent.parse('200%'), 20_000);
  assert.equal(percent.safeParse('1.4').success, false);
  assert.equal(percent.safeParse('1.405%').success, false);
});
