import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROGRAMMES } from './programmes.ts';

/** The programmes' own parameter files (src/rules/parameters/*.yaml), read by src/parameters. */

test('every value of every programme parameter has a reference with an instrument and a source address', () => {
  let values = 0;
  for (const programme of Object.values(PROGRAMMES)) {
    for (const name of programme.parameters.names()) {
      for (const v of programme.parameters.definition(name).values) {
        values++;
        assert.ok(v.references.length > 0, `${name} ${v.effectiveFrom}`);
        assert.ok(
          v.references.some((r) => r.instrument && r.url?.startsWith('http')),
          `${name} at ${v.effectiveFrom} needs an instrument and a URL`,
        );
      }
    }
  }
  assert.ok(values >= 40, `${values} dated values`);
});

test('the UNCONFIRMED facts of the domain file carry a note saying so', () => {
  const noted = (programme: string, name: string, on: string) => {
    const at = PROGRAMMES[programme]!.parameters.at(name, on);
    assert.ok(at.ok, `${programme}.${name} is in force on ${on}`);
    const note = at.value.note ?? '';
    assert.match(note, /UNCONFIRMED/, `${programme}.${name} on ${on}`);
  };
  noted('bono', 'bono_age_limit_applies', '2021-01-01');
  noted('bono', 'bono_included_disability_degrees', '2021-01-01');
  noted('bono', 'bono_requires_living_beneficiary', '2021-01-01');
  noted('igf', 'igf_brackets', '2020-12-31');
  noted('igf', 'igf_bolivian_real_estate_valuation', '2020-12-31');
  noted('igf', 'igf_deducted_asset_categories', '2020-12-31');
  noted('vaccination', 'vaccination_dose_schedules', '2021-03-01');
  noted('vaccination', 'vaccination_ci_rotation', '2021-04-05');
  noted('vaccination', 'vaccination_general_minimum_age', '2021-05-01');
});
