import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  compareCiNumber,
  compareComplemento,
  compareDateOfBirth,
  compareGivenNames,
  compareMunicipality,
  compareName,
  compareSex,
  compareSurnames,
} from './comparisons.ts';
import { jaroWinkler, normaliseName } from './text.ts';

const ciNumber = fc
  .tuple(
    fc.integer({ min: 1, max: 9 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 9 }),
  )
  .map(([first, rest]) => `${first}${rest.join('')}`);

test('CI numbers: exact, adjacent transposition, one digit off, leading digits dropped, else different', () => {
  assert.equal(compareCiNumber('4567890', '4567890'), 'exact');
  assert.equal(compareCiNumber('4567890', '4568790'), 'transposition');
  assert.equal(compareCiNumber('4567890', '4567891'), 'one_digit_off');
  assert.equal(compareCiNumber('14567890', '4567890'), 'leading_digits_dropped');
  assert.equal(compareCiNumber('124567890', '4567890'), 'leading_digits_dropped');
  // three digits dropped is another number, and so is a non-adjacent swap or two digits off
  assert.equal(compareCiNumber('1234567890', '4567890'), 'different');
  assert.equal(compareCiNumber('4567890', '4067895'), 'different');
  assert.equal(compareCiNumber('4567890', '4567801'), 'different');
  assert.equal(compareCiNumber('4567890', '9999999'), 'different');
  assert.equal(compareCiNumber('', '4567890'), null);
});

test('CI numbers: symmetric; any adjacent swap of two different digits is a transposition', () => {
  fc.assert(fc.property(ciNumber, ciNumber, (a, b) => compareCiNumber(a, b) === compareCiNumber(b, a)));
  fc.assert(
    fc.property(ciNumber, fc.nat(), (ci, at) => {
      const i = at % (ci.length - 1);
      fc.pre(ci[i] !== ci[i + 1]);
      const swapped = ci.slice(0, i) + ci[i + 1] + ci[i] + ci.slice(i + 2);
      return compareCiNumber(ci, swapped) === 'transposition';
    }),
  );
  fc.assert(
    fc.property(ciNumber, fc.nat(), fc.integer({ min: 1, max: 9 }), (ci, at, shift) => {
      const i = at % ci.length;
      const changed = ci.slice(0, i) + String((Number(ci[i]) + shift) % 10) + ci.slice(i + 1);
      return compareCiNumber(ci, changed) === 'one_digit_off';
    }),
  );
});

test('complemento: equal, both absent, one absent, different (two persons)', () => {
  assert.equal(compareComplemento('1A', '1a'), 'equal');
  assert.equal(compareComplemento('', ' '), 'both_absent');
  assert.equal(compareComplemento('1A', ''), 'one_absent');
  assert.equal(compareComplemento('', '1A'), 'one_absent');
  assert.equal(compareComplemento('1A', '2B'), 'different');
});

test('dates of birth: exact, day and month swapped, one field off, else different; not a date is missing', () => {
  assert.equal(compareDateOfBirth('1980-03-12', '1980-03-12'), 'exact');
  assert.equal(compareDateOfBirth('1980-03-12', '1980-12-03'), 'day_month_swapped');
  assert.equal(compareDateOfBirth('1980-03-12', '1981-03-12'), 'one_field_off');
  assert.equal(compareDateOfBirth('1980-03-12', '1980-04-12'), 'one_field_off');
  assert.equal(compareDateOfBirth('1980-03-12', '1980-03-13'), 'one_field_off');
  // swapped day and month in another year is two fields off
  assert.equal(compareDateOfBirth('1980-03-12', '1981-12-03'), 'different');
  assert.equal(compareDateOfBirth('1980-03-12', '1975-07-30'), 'different');
  assert.equal(compareDateOfBirth('', '1980-03-12'), null);
  assert.equal(compareDateOfBirth('12/03/1980', '1980-03-12'), null);
});

test('names: accents, case and punctuation do not count; Jaro–Winkler grades typing errors', () => {
  assert.equal(normaliseName('  María-José  QUISPÉ '), 'maria jose quispe');
  assert.equal(compareName('Quispé', 'QUISPE'), 'exact');
  assert.equal(compareName('Ñusta', 'nusta'), 'exact');
  assert.equal(compareName('Mamani', 'Mamnai'), 'very_similar');
  assert.equal(compareName('Choque', 'Choquehuanca'), 'similar');
  assert.equal(compareName('Mamani', 'Zeballos'), 'different');
  assert.equal(compareName('', 'Mamani'), null);
  assert.ok(Math.abs(jaroWinkler('martha', 'marhta') - 0.9611) < 0.001);
  assert.ok(Math.abs(jaroWinkler('dwayne', 'duane') - 0.84) < 0.001);
  assert.equal(jaroWinkler('abc', ''), 0);
});

test('Jaro–Winkler is symmetric, within [0, 1], and 1 only for equal strings', () => {
  const name = fc.string({ unit: fc.constantFrom(...'abcdeimnoqsu'), maxLength: 12 });
  fc.assert(
    fc.property(name, name, (a, b) => {
      const s = jaroWinkler(a, b);
      return Math.abs(s - jaroWinkler(b, a)) < 1e-12 && s >= 0 && s <= 1 && (s === 1) === (a === b);
    }),
  );
});

test('surnames: order exchanged, one surname kept, typing errors', () => {
  assert.equal(compareSurnames(['Mamani', 'Quispe'], ['MAMANI', 'QUISPE']), 'exact');
  assert.equal(compareSurnames(['Mamani', 'Quispe'], ['Quispe', 'Mamani']), 'swapped');
  assert.equal(compareSurnames(['Mamani', 'Quispe'], ['Mamani', 'Qispe']), 'very_similar');
  assert.equal(compareSurnames(['Mamani', 'Quispe'], ['Mamani', '']), 'one_surname_shared');
  assert.equal(compareSurnames(['Flores', 'Zeballos'], ['Rojas', 'Flores']), 'one_surname_shared');
  assert.equal(compareSurnames(['Mamani', 'Quispe'], ['Gutiérrez', 'Zeballos']), 'different');
  assert.equal(compareSurnames(['', ''], ['Mamani', 'Quispe']), null);
});

test('given names: a first name shared ("Juan" for "Juan Carlos")', () => {
  assert.equal(compareGivenNames('Juan Carlos', 'juan carlos'), 'exact');
  assert.equal(compareGivenNames('Juan Carlos', 'Juan'), 'first_name_shared');
  assert.equal(compareGivenNames('Rosa', 'María Rosa'), 'first_name_shared');
  assert.equal(compareGivenNames('Juan Carlos', 'Juan Carlso'), 'very_similar');
  assert.equal(compareGivenNames('Juan', 'Pedro'), 'different');
});

test('sex and municipality', () => {
  assert.equal(compareSex('F', 'F'), 'equal');
  assert.equal(compareSex('F', 'M'), 'different');
  assert.equal(compareSex('', 'M'), null);
  assert.equal(compareMunicipality('020101', '020101'), 'equal');
  assert.equal(compareMunicipality('020101', '020105'), 'same_province');
  assert.equal(compareMunicipality('020101', '020301'), 'same_department');
  assert.equal(compareMunicipality('020101', '070101'), 'different');
  assert.equal(compareMunicipality('', '070101'), null);
});
