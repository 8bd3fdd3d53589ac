import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeReason,
  describeStatus,
  knownReasonCodes,
  reasonLine,
} from '../../src/interchange/iso20022/reason-codes.ts';

test('the rejection reasons banks give for deposits read in Spanish and English', () => {
  assert.equal(describeReason('AC01')?.es, 'Número de cuenta incorrecto o inexistente');
  assert.equal(describeReason('AC04')?.en, 'Account is closed');
  assert.equal(describeReason('AC06')?.es, 'Cuenta bloqueada');
  assert.equal(describeReason('BE01')?.party, 'beneficiary_account');
  assert.equal(describeReason('AM04')?.party, 'funding');
  assert.equal(describeReason('MD07')?.party, 'deceased');
  assert.equal(describeReason('DU01')?.party, 'file');
  assert.equal(describeReason('ZZ99'), undefined);
  for (const code of ['AC01', 'AC04', 'AC06', 'AG01', 'AM04', 'AM05', 'BE01', 'MS03', 'NARR']) {
    const text = describeReason(code);
    assert.ok(text && text.es.length > 0 && text.en.length > 0 && text.iso.length > 0, code);
  }
  assert.ok(knownReasonCodes().every((code) => /^[A-Z0-9]{4}$/.test(code)));
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
  assert.equal(describeStatus('RJCT')?.es, 'Rechazado');
  assert.equal(describeStatus('ACSC')?.en, 'Settlement completed');
  assert.equal(describeStatus('NOPE'), undefined);
});
