import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeReason,
  isStatusCode,
  knownReasonCodes,
  STATUS_CODES,
} from '../../src/interchange/iso20022/reason-codes.ts';
import { reasonInWords, reasonLine, statusInWords } from '../../src/messages/index.ts';

test('the rejection reasons banks give for deposits read in Spanish and English', () => {
  assert.equal(reasonInWords('AC01', 'es'), 'Número de cuenta incorrecto o inexistente');
  assert.equal(reasonInWords('AC04', 'en'), 'Account is closed');
  assert.equal(reasonInWords('AC06', 'es'), 'Cuenta bloqueada');
  assert.equal(reasonInWords('ZZ99', 'es'), undefined);
  assert.equal(describeReason('BE01')?.party, 'beneficiary_account');
  assert.equal(describeReason('AM04')?.party, 'funding');
  assert.equal(describeReason('MD07')?.party, 'deceased');
  assert.equal(describeReason('DU01')?.party, 'file');
  assert.equal(describeReason('ZZ99'), undefined);
  for (const code of ['AC01', 'AC04', 'AC06', 'AG01', 'AM04', 'AM05', 'BE01', 'MS03', 'NARR']) {
    const text = describeReason(code);
    assert.ok(text && text.iso.length > 0, code);
  }
  assert.ok(knownReasonCodes().every((code) => /^[A-Z0-9]{4}$/.test(code)));
  // The domain keeps codes and parties; every code has its words in both catalogues.
  for (const code of knownReasonCodes()) {
    assert.deepEqual(Object.keys(describeReason(code)!).sort(), ['iso', 'party'], code);
    for (const lang of ['es', 'en'] as const)
      assert.ok(reasonInWords(code, lang)!.length > 0, `${code} ${lang}`);
  }
});

test('a reason line shows the text, the code and the bank words; NARR shows the words alone', () => {
  assert.equal(reasonLine({ code: 'AC04', additionalInfo: [] }, 'es'), 'Cuenta cerrada (AC04)');
  assert.equal(
    reasonLine({ code: 'AC04', additionalInfo: ['Cuenta 3000000002 cerrada'] }, 'en'),
    'Account is closed (AC04): Cuenta 3000000002 cerrada',
  );
  assert.equal(
    reasonLine({ code: 'NARR', additionalInfo: ['ISO Duplicate Message ID'] }, 'es'),
    'ISO Duplicate Message ID',
  );
  assert.equal(
    reasonLine({ code: 'NARR', additionalInfo: [] }, 'en'),
    'Reason given in the accompanying text (NARR)',
  );
  assert.equal(reasonLine({ code: 'X123', additionalInfo: [] }, 'es'), 'Motivo X123');
  assert.equal(
    reasonLine({ proprietary: 'CUENTA-INACTIVA', additionalInfo: [] }, 'en'),
    'Reason CUENTA-INACTIVA',
  );
  assert.equal(reasonLine({ additionalInfo: [] }, 'es'), 'Sin motivo indicado');
});

test('status codes have texts too', () => {
  assert.equal(statusInWords('RJCT', 'es'), 'Rechazado');
  assert.equal(statusInWords('ACSC', 'en'), 'Settlement completed');
  assert.equal(statusInWords('NOPE', 'en'), undefined);
  assert.ok(!isStatusCode('NOPE'));
  for (const code of STATUS_CODES)
    for (const lang of ['es', 'en'] as const)
      assert.ok(statusInWords(code, lang)!.length > 0, `${code} ${lang}`);
});
