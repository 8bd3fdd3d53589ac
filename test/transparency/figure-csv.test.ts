import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS } from '../../src/shared/lang.ts';
import {
  bandLabel,
  type Figure,
  type FigureId,
  type FigureWording,
  figureCsv,
  type Label,
  TOTAL_LABEL,
} from '../../src/transparency/index.ts';
import { figureWords } from '../../src/web/transparency/figure.words.ts';

/** A wording of its own, so the CSV writer is checked apart from any catalogue. */
const plain: FigureWording = {
  csvHeader: (_figure, column) => `h_${column.key}`,
  label: (l) => (l.label === 'band' ? l.code : l.label),
};

/** The transparency CSV files go through the same formula neutralisation as every CSV ayni writes. */
test('figureCsv neutralises a formula-leading text cell and leaves numbers as numbers', () => {
  const figure: Figure = {
    id: 'resumen',
    columns: [
      { key: 'name', kind: 'text' },
      { key: 'n', kind: 'count' },
      { key: 'bs', kind: 'amount' },
    ],
    rows: [
      { name: '=HYPERLINK("http://x.test")', n: 12n, bs: -1250n },
      { name: { label: 'band', code: '@SUM(A1)' }, n: 3n, bs: 0n },
      { name: 'La Paz', n: '<5', bs: 'x' },
    ],
    total: { name: TOTAL_LABEL, n: 20n, bs: 'x' },
  };
  assert.equal(
    figureCsv(figure, plain),
    `h_name,h_n,h_bs\r\n"'=HYPERLINK(""http://x.test"")",12,-12.50\r\n"'@SUM(A1)",3,0.00\r\nLa Paz,<5,x\r\ntotal,20,x\r\n`,
  );
});

const ALL_FIGURES: Readonly<Record<FigureId, readonly string[]>> = {
  resumen: ['indicator', 'persons', 'amount', 'share'],
  'bono-departamentos': [
    'code',
    'department',
    'eligible',
    'eligibleAmount',
    'paid',
    'paidAmount',
    'paidShare',
  ],
  'bono-dias': ['from', 'to', 'paid', 'paidAmount', 'cumulative', 'cumulativeAmount', 'eligibleShare'],
  'bono-canales': ['channelCode', 'channel', 'planned', 'paid', 'paidAmount'],
  'bono-no-cobrado-departamentos': ['code', 'department', 'unclaimed', 'unclaimedAmount'],
  'bono-no-cobrado-edades': ['bandCode', 'band', 'unclaimed', 'unclaimedAmount'],
  'registro-ine': ['code', 'department', 'registry', 'ine', 'coverage', 'registryShare', 'ineShare'],
  'vacunacion-departamentos': ['code', 'group', 'population', 'doses', 'atLeastOne', 'complete'],
  'vacunacion-edades': ['group', 'first', 'second', 'single', 'booster'],
  'vacunacion-dias': ['from', 'to', 'doses', 'cumulative'],
};

test('every published figure has a title, a description and its columns worded in each language, the two apart', () => {
  for (const [id, keys] of Object.entries(ALL_FIGURES) as [FigureId, readonly string[]][]) {
    const figure: Figure = {
      id,
      columns: keys.map((key) => ({ key, kind: 'count' })),
      rows: [],
      total: null,
    };
    assert.notEqual(figureWords('es').title(figure), figureWords('en').title(figure), id);
    for (const lang of LANGS) {
      const w = figureWords(lang);
      assert.ok(w.title(figure).length > 5 && w.description(figure).length > 20, `${id} ${lang}`);
      for (const c of figure.columns) {
        assert.ok(w.columnLabel(figure, c).length > 0, `${id}.${c.key} ${lang}`);
        assert.match(w.csvHeader(figure, c), /^[a-z_]+$/, `${id}.${c.key} ${lang}: a machine name`);
      }
    }
  }
  const unknown: Figure = { id: 'resumen', columns: [{ key: 'nope', kind: 'count' }], rows: [], total: null };
  assert.throws(() => figureWords('es').csvHeader(unknown, unknown.columns[0]!), /resumen\.nope/);
});

test("INE's column names its year; labels are worded per language from codes", () => {
  const ine: Figure = {
    id: 'registro-ine',
    columns: [{ key: 'ine', kind: 'count', year: 2021 }],
    rows: [],
    total: null,
  };
  assert.equal(figureWords('es').columnLabel(ine, ine.columns[0]!), 'Proyección INE 2021');
  assert.equal(figureWords('en').columnLabel(ine, ine.columns[0]!), 'INE projection 2021');
  const words = (l: Label) => [figureWords('es').label(l), figureWords('en').label(l)];
  assert.deepEqual(words(bandLabel('18-29')), ['18–29 años', '18–29 years']);
  assert.deepEqual(words(bandLabel('60+')), ['60 años y más', '60 years and over']);
  assert.deepEqual(words(bandLabel('rezagados')), [
    'Sin grupo de edad (rezagados)',
    'Late collectors (no age band)',
  ]);
  assert.deepEqual(words(bandLabel('otro')), ['otro', 'otro']);
  assert.deepEqual(words({ label: 'channel', code: 'deposit' }), ['Abono en cuenta', 'Account deposit']);
  assert.deepEqual(words({ label: 'indicator', code: 'mayStillCollect' }), [
    'Aún pueden cobrar',
    'May still collect',
  ]);
  assert.deepEqual(words(TOTAL_LABEL), ['Total', 'Total']);
});
