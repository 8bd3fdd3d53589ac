import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { describeFailure } from '../messages/index.ts';
import type { Result } from '../shared/failure.ts';
import type { ParameterFailure } from './parameters.failures.ts';
import {
  bolivianos,
  isoDate,
  type ParameterSet,
  type ParameterSpec,
  parseParameters,
  percent,
} from './parameters.ts';

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

/** The failure of a refused result, checked for its code and its English words. */
function refused(r: Result<unknown, ParameterFailure>, code: ParameterFailure['code'], pattern: RegExp) {
  assert.ok(!r.ok, `refused with ${code}`);
  assert.equal(r.error.code, code);
  assert.match(describeFailure(r.error, 'en').detail, pattern);
  return r.error;
}

/** A file these tests expect to parse. */
function parsed<S extends ParameterSpec>(text: string, spec: S): ParameterSet<S> {
  const r = parseParameters('t.yaml', text, spec);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

function inForce<T>(r: Result<T, ParameterFailure>): T {
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

test('value in force: the latest value that took effect on or before the date', () => {
  const p = parsed(YAML, SPEC);
  assert.equal(p.value('max_days', '2020-11-13'), 90);
  assert.equal(p.value('max_days', '2021-05-31'), 90);
  assert.equal(p.value('max_days', '2021-06-01'), 120);
  assert.equal(p.value('max_days', '2030-01-01'), 120);
  const at = inForce(p.at('max_days', '2021-07-01'));
  assert.equal(at.effectiveFrom, '2021-06-01');
  assert.equal(at.note, 'UNCONFIRMED: a later change.');
  assert.deepEqual(at.references, [{ instrument: 'DS 9999', url: 'https://example.org/ds9999' }]);
  assert.deepEqual(inForce(p.at('start', '2021-01-01')).references, [
    { text: 'A parameter-level reference applies to every value.' },
  ]);
});

test('a date before the first value is a clear failure naming the parameter and the first date', () => {
  const p = parsed(YAML, SPEC);
  assert.deepEqual(
    refused(p.at('max_days', '2020-11-12'), 'parameter_not_in_force', /max_days.*2020-11-12.*2020-11-13/),
    {
      code: 'parameter_not_in_force',
      parameter: 'max_days',
      source: 't.yaml',
      on: '2020-11-12',
      firstEffective: '2020-11-13',
    },
  );
  // Asked for the value outright, on a date the caller should have known is not in force: a bug.
  assert.throws(() => p.value('max_days', '2020-11-12'), /max_days.*2020-11-12.*2020-11-13/);
});

test('files are refused when a value lacks a reference, a key is not a date, or a value breaks its schema', () => {
  const noRef =
    'max_days:\n  description: d\n  values:\n    "2020-01-01": { value: 1 }\nstart:\n  description: s\n  reference: r\n  values:\n    "2020-01-01": { value: "2020-01-01" }\n';
  assert.deepEqual(
    refused(
      parseParameters('t.yaml', noRef, SPEC),
      'parameter_file_invalid',
      /^t\.yaml: max_days at 2020-01-01 has no reference/,
    ),
    {
      code: 'parameter_file_invalid',
      source: 't.yaml',
      problem: 'max_days at 2020-01-01 has no reference (on the value or on the parameter)',
    },
  );
  const badDate = YAML.replace('"2021-06-01"', '"2021-02-30"');
  refused(parseParameters('t.yaml', badDate, SPEC), 'parameter_file_invalid', /"2021-02-30" is not a date/);
  const badValue = YAML.replace('value: 120', 'value: "120 days"');
  refused(parseParameters('t.yaml', badValue, SPEC), 'parameter_file_invalid', /max_days at 2021-06-01/);
  refused(
    parseParameters('t.yaml', YAML, { ...SPEC, other: z.number() }),
    'parameter_file_invalid',
    /missing parameters: other/,
  );
  refused(
    parseParameters('t.yaml', YAML, { max_days: SPEC.max_days }),
    'parameter_file_invalid',
    /unknown parameters.*start/,
  );
  refused(parseParameters('t.yaml', `${YAML}\n  surprise: 1\n`, SPEC), 'parameter_file_invalid', /start/);
});

test('overrides are validated and apply at every date', () => {
  const p = inForce(parsed(YAML, SPEC).withOverrides({ max_days: 7 }));
  assert.equal(p.value('max_days', '1990-01-01'), 7);
  assert.match(String(inForce(p.at('max_days', '2021-01-01')).references[0]?.text), /override/);
  refused(parsed(YAML, SPEC).withOverrides({ max_days: 'x' }), 'invalid_parameter_override', /max_days/);
  assert.deepEqual(
    refused(
      parsed(YAML, SPEC).withOverrides({ nope: 1 }),
      'unknown_parameter',
      /^Cannot override nope: t\.yaml has no such parameter\. Parameters: max_days, start\.$/,
    ),
    { code: 'unknown_parameter', parameter: 'nope', source: 't.yaml', parameters: ['max_days', 'start'] },
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
