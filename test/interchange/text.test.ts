import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  cleanText,
  escapeXml,
  formatAmountCentavos,
  identifierProblem,
  isBic,
  isIsoDateTime,
  parseAmountCentavos,
  toBasicLatin,
} from '../../src/interchange/iso20022/text.ts';

test('Spanish names are transliterated to the basic Latin set every bank accepts', () => {
  assert.equal(toBasicLatin('María Núñez Güemes'), 'Maria Nunez Guemes');
  assert.equal(toBasicLatin('PEÑARANDA ÑUFLO'), 'PENARANDA NUFLO');
  assert.equal(toBasicLatin('Calle Sucre #5 & Cía.'), 'Calle Sucre No.5 + Cia.');
  assert.equal(toBasicLatin('O’Brien_Quispe'), "O'Brien-Quispe");
  assert.equal(toBasicLatin('Aymara: Jallalla ✓ 🇧🇴'), 'Aymara: Jallalla');
});

test('cleanText collapses spaces, drops XML-illegal characters, counts changes and cuts at the limit', () => {
  assert.deepEqual(cleanText('Juana Mamani', 140, 'basic-latin'), {
    text: 'Juana Mamani',
    transliterated: false,
    truncated: false,
  });
  assert.deepEqual(cleanText('  Juana   Mamani ', 140, 'basic-latin'), {
    text: 'Juana Mamani',
    transliterated: false,
    truncated: false,
  });
  assert.deepEqual(cleanText('José\u0007Luis', 140, 'basic-latin'), {
    text: 'Jose Luis',
    transliterated: true,
    truncated: false,
  });
  assert.deepEqual(cleanText('José & <Luis>', 140, 'unicode'), {
    text: 'José & <Luis>',
    transliterated: false,
    truncated: false,
  });
  assert.equal(cleanText('Jose\u0000', 140, 'unicode').transliterated, true);
  const long = cleanText('a'.repeat(150), 140, 'basic-latin');
  assert.equal(long.text.length, 140);
  assert.equal(long.truncated, true);
  // The XSD counts characters (code points), not UTF-16 units: 140 emoji-free Ñ fit in Max140Text.
  assert.equal(cleanText('Ñ'.repeat(140), 140, 'unicode').truncated, false);
  assert.equal(cleanText('   ', 140, 'basic-latin').text, '');
});

test('identifiers: 1 to N characters of the basic Latin set, no spaces, no edge or double slashes', () => {
  assert.equal(identifierProblem('BCH-R1-000000001', 35), undefined);
  assert.equal(identifierProblem("A/B?C:(D).E,F'G+H", 35), undefined);
  assert.equal(identifierProblem('', 35), 'empty');
  assert.equal(identifierProblem('x'.repeat(36), 35), 'too_long');
  assert.equal(identifierProblem('x'.repeat(35), 35), undefined);
  assert.equal(identifierProblem('BCH R1', 35), 'characters');
  assert.equal(identifierProblem('BCH-Ñ', 35), 'characters');
  assert.equal(identifierProblem('BCH_1', 35), 'characters');
  assert.equal(identifierProblem('/BCH', 35), 'slashes');
  assert.equal(identifierProblem('BCH/', 35), 'slashes');
  assert.equal(identifierProblem('B//C', 35), 'slashes');
});

test('amounts are written from centavos exactly and read back exactly', () => {
  assert.equal(formatAmountCentavos(100_000n), '1000.00');
  assert.equal(formatAmountCentavos(5n), '0.05');
  assert.equal(formatAmountCentavos(0n), '0.00');
  assert.equal(formatAmountCentavos(123_456_789_012_345_678n), '1234567890123456.78');
  assert.throws(() => formatAmountCentavos(-1n), RangeError);
  assert.equal(parseAmountCentavos('5.0400'), 504n);
  assert.equal(parseAmountCentavos('27.0'), 2700n);
  assert.equal(parseAmountCentavos('123'), 12_300n);
  assert.equal(parseAmountCentavos('.5'), 50n);
  assert.equal(parseAmountCentavos(' 10.00 '), 1000n);
  assert.equal(parseAmountCentavos('0.001'), undefined, 'a fraction of a centavo is never rounded away');
  assert.equal(parseAmountCentavos('-1.00'), undefined);
  assert.equal(parseAmountCentavos('1e3'), undefined);
  assert.equal(parseAmountCentavos(''), undefined);
  assert.equal(parseAmountCentavos('.'), undefined);
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), (centavos) => {
      assert.equal(parseAmountCentavos(formatAmountCentavos(centavos)), centavos);
    }),
  );
});

test('XML escaping, BICs and date-times', () => {
  assert.equal(escapeXml('A & B <c> "d"'), 'A &amp; B &lt;c&gt; &quot;d&quot;');
  assert.equal(escapeXml('plain'), 'plain');
  assert.equal(isBic('BUNIBOLX'), true);
  assert.equal(isBic('BNBOBOLXXXX'), true);
  assert.equal(isBic('Bank BIC'), false);
  assert.equal(isBic('BUNIBOL'), false);
  assert.equal(isIsoDateTime('2020-12-01T08:00:00-04:00'), true);
  assert.equal(isIsoDateTime('2020-12-01T08:00:00.123Z'), true);
  assert.equal(isIsoDateTime('2020-12-01T08:00:00'), true);
  assert.equal(isIsoDateTime('2020-12-01 08:00:00'), false);
  assert.equal(isIsoDateTime('2021-02-29T08:00:00Z'), false);
  assert.equal(isIsoDateTime('2020-12-01T24:00:00Z'), false);
});
