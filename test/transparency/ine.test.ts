import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEPARTMENTS } from '../../src/registry/index.ts';
import { loadCalibration } from '../../src/synth/calibration.ts';
import { loadIneReference } from '../../src/transparency/index.ts';

/** The INE figures the public page compares with are those the synthetic country was calibrated to. */

test('the INE reference agrees with the synthetic country calibration, department by department', () => {
  const ine = loadIneReference();
  const calibration = loadCalibration().departments.population;
  for (const d of DEPARTMENTS) {
    const target = calibration[String(d.code)];
    assert.ok(target, `calibration has department ${d.code}`);
    assert.equal(target.name, d.name);
    assert.equal(ine.byDepartment.get(d.code), BigInt(target.value), d.name);
  }
  assert.equal(ine.total, 11_841_900n, 'the departments add up to 11,841,900');
  assert.match(ine.url, /^https:\/\/bolivianoseneuropa\.com\//);
  assert.match(ine.source.es, /INE/);
  assert.equal(ine.year, 2021);
});
