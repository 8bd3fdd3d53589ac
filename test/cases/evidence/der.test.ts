import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  children,
  content,
  DerError,
  encode,
  integer,
  oid,
  readGeneralizedTime,
  readInteger,
  readNode,
  readOid,
  sequence,
  TAG,
} from '../../../src/cases/evidence/der.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DER', () => {
  test('encodes OIDs, integers and lengths as X.690 says, and reads them back', () => {
    assert.equal(hex(oid('2.16.840.1.101.3.4.2.1')), '0609608648016503040201');
    assert.equal(readOid(readNode(oid('1.2.840.113549.1.9.16.1.4'), 0)), '1.2.840.113549.1.9.16.1.4');
    assert.equal(hex(integer(0n)), '020100');
    assert.equal(hex(integer(128n)), '02020080', 'a leading zero keeps it positive');
    assert.equal(readInteger(readNode(integer(0xdead_beef_cafen), 0)), 0xdead_beef_cafen);
    assert.equal(readInteger(readNode(Uint8Array.from([2, 1, 0xff]), 0)), -1n);
    const long = encode(TAG.OCTET_STRING, new Uint8Array(300));
    assert.equal(hex(long.subarray(0, 4)), '0482012c');
    assert.equal(content(readNode(long, 0)).byteLength, 300);
    const seq = sequence(integer(1n), oid('1.2.3'));
    assert.deepEqual(
      children(readNode(seq, 0)).map((n) => n.tag),
      [TAG.INTEGER, TAG.OID],
    );
  });

  test('reads GeneralizedTime in UTC with fractions, and refuses local times', () => {
    const time = (s: string) =>
      readGeneralizedTime(readNode(encode(TAG.GENERALIZED_TIME, Buffer.from(s)), 0));
    assert.equal(time('20191115154210Z').toISOString(), '2019-11-15T15:42:10.000Z');
    assert.equal(time('20191119120000.25Z').toISOString(), '2019-11-19T12:00:00.250Z');
    assert.throws(() => time('20191115154210'), DerError);
  });

  test('a truncated or indefinite-length element is an error, never a read past the end', () => {
    assert.throws(() => readNode(Uint8Array.from([0x30, 0x05, 1, 2]), 0), /runs past/);
    assert.throws(() => readNode(Uint8Array.from([0x30, 0x80, 0, 0]), 0), /indefinite/);
    assert.throws(() => readNode(Uint8Array.from([0x30]), 0), /truncated/);
    assert.throws(() => children(readNode(Uint8Array.from([0x30, 0x03, 0x02, 0x05, 0x00]), 0)), /runs past/);
  });
});
