import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, csvLine, splitCsvLine } from './csv.ts';

test('splitCsvLine reads plain and quoted fields', () => {
  assert.deepEqual(splitCsvLine('a,b,,c'), ['a', 'b', '', 'c']);
  assert.deepEqual(splitCsvLine('a,"b, c",d'), ['a', 'b, c', 'd']);
  assert.deepEqual(splitCsvLine('"say ""hi""",x'), ['say "hi"', 'x']);
  assert.deepEqual(splitCsvLine('"",""'), ['', '']);
  assert.deepEqual(splitCsvLine('x,"y"'), ['x', 'y']);
});

test('splitCsvLine refuses malformed quotes', () => {
  assert.equal(splitCsvLine('"unterminated,x'), undefined);
  assert.equal(splitCsvLine('a"b,c'), undefined);
  assert.equal(splitCsvLine('"a"b,c'), undefined);
});

test('csvLine quotes only when needed and round-trips', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('a"b'), '"a""b"');
  const fields = ['1', 'with, comma', 'with "quote"', '', 'ñandú'];
  assert.deepEqual(splitCsvLine(csvLine(fields)), fields);
});
