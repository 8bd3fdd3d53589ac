import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDate,
  formatInstant,
  formatMoney,
  formatNumber,
  formatPercent,
  plural,
} from '../../src/messages/format.ts';
import { type Messages, pageMessages } from '../../src/messages/pages.ts';
import { LANGS } from '../../src/shared/lang.ts';

/**
 * The pages' catalogues (src/messages/<lang>/pages/): the types make every language have Spanish's
 * keys (checked by tsc, shown below with @ts-expect-error); at run time each language has the same
 * keys, each function the same number of parameters, and no text is empty.
 */

/** Every leaf of a catalogue, by path: 'text' or the function's arity. */
function leaves(value: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'function') out.set(at, `function/${value.length}`);
  else if (typeof value === 'string') out.set(at, value === '' ? 'empty' : 'text');
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      for (const [p, kind] of leaves(v, `${at}.${k}`)) out.set(p, kind);
  return out;
}

describe('page catalogues', () => {
  it('give every language the same keys and parameters as Spanish, and no empty text', () => {
    const spanish = leaves(pageMessages('es'));
    assert.ok(spanish.size > 50);
    for (const lang of LANGS) {
      const words = leaves(pageMessages(lang));
      assert.deepEqual([...words.keys()].sort(), [...spanish.keys()].sort(), lang);
      for (const [path, kind] of words) {
        assert.notEqual(kind, 'empty', `${lang}${path}`);
        assert.equal(kind, spanish.get(path), `${lang}${path}`);
      }
    }
  });

  it('are typed from the Spanish one: a missing key or another parameter fails the typecheck', () => {
    const es = { title: 'Título', count: (n: number) => `${n} personas` };
    // @ts-expect-error a key is missing
    const missing: Messages<typeof es> = { title: 'Title' };
    // @ts-expect-error the function takes a text where Spanish takes a number
    const otherParameter: Messages<typeof es> = { title: 'Title', count: (n: string) => n };
    const complete: Messages<typeof es> = { title: 'Title', count: (n) => `${n} persons` };
    assert.equal(complete.count(2), '2 persons');
    assert.ok(missing && otherParameter);
  });
});

describe('formatting through Intl', () => {
  it('writes numbers, percentages and money in each language', () => {
    assert.equal(formatNumber(1_234_567n, 'es'), '1.234.567');
    assert.equal(formatNumber(1_234_567, 'en'), '1,234,567');
    assert.equal(formatPercent(0.014, 'es'), '1,4%');
    assert.equal(formatPercent(0.014, 'en'), '1.4%');
    assert.equal(formatMoney(123_456_789n, 'es'), 'Bs 1.234.567,89');
    assert.equal(formatMoney(100_000n, 'en'), 'Bs 1,000.00');
  });

  it("writes dates by name, and instants on Bolivia's clock (UTC−4)", () => {
    assert.equal(formatDate('2020-12-01', 'es'), '1 de diciembre de 2020');
    assert.equal(formatDate('2020-12-01', 'en'), '1 December 2020');
    // 02:30 UTC on the 2nd is still the 1st in Bolivia.
    assert.match(formatInstant(new Date('2020-12-02T02:30:00Z'), 'es'), /^1 de diciembre de 2020.*22:30$/);
    assert.match(formatInstant(new Date('2020-12-02T02:30:00Z'), 'en'), /^1 December 2020.*22:30$/);
  });

  it('chooses the plural by the language rules', () => {
    const persons = { one: 'persona', other: 'personas' };
    assert.equal(plural(1, 'es', persons), '1 persona');
    assert.equal(plural(0, 'es', persons), '0 personas');
    assert.equal(plural(1200n, 'es', persons), '1.200 personas');
    assert.equal(plural(1, 'en', { one: 'person', other: 'persons' }), '1 person');
  });
});
