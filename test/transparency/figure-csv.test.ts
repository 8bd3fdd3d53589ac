import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Figure, figureCsv } from '../../src/transparency/index.ts';

/** The transparency CSV files go through the same formula neutralisation as every CSV ayni writes. */
test('figureCsv neutralises a formula-leading text cell and leaves numbers as numbers', () => {
  const figure: Figure = {
    id: 'test',
    title: { es: 'Prueba', en: 'Test' },
    description: { es: 'Prueba', en: 'Test' },
    columns: [
      { key: 'name', kind: 'text', label: { es: 'Nombre', en: 'Name' }, csv: { es: 'nombre', en: 'name' } },
      { key: 'n', kind: 'count', label: { es: 'N', en: 'N' }, csv: { es: 'n', en: 'n' } },
      { key: 'bs', kind: 'amount', label: { es: 'Bs', en: 'Bs' }, csv: { es: 'bs', en: 'bs' } },
    ],
    rows: [
      { name: { es: '=HYPERLINK("http://x.test")', en: '@SUM(A1)' }, n: 12n, bs: -1250n },
      { name: { es: 'La Paz', en: 'La Paz' }, n: '<5', bs: 'x' },
    ],
    total: null,
  };
  assert.equal(
    figureCsv(figure, 'es'),
    `nombre,n,bs\r\n"'=HYPERLINK(""http://x.test"")",12,-12.50\r\nLa Paz,<5,x\r\n`,
  );
  assert.equal(figureCsv(figure, 'en'), `name,n,bs\r\n"'@SUM(A1)",12,-12.50\r\nLa Paz,<5,x\r\n`);
});
