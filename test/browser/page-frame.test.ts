import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLongDate } from '../../src/shared/dates.ts';
import { escapeHtml, hrefWithLang, readDate } from '../../src/web/components/index.ts';

/**
 * The frame's small helpers beside the components (src/web/components): links that keep the
 * reader's language, the date typed in `DateInput`'s three boxes read back, the escaper of the
 * pieces still written as strings (the transparency charts' SVG), dates in words. The frame itself
 * (landmarks, language switch, labels and errors tied to fields) is checked in
 * test/web/components.test.tsx; the browser journeys run axe-core on whole pages.
 */

describe('links in the reader language', () => {
  it('set lang in the query, keeping the rest and replacing a lang already there', () => {
    assert.equal(
      hrefWithLang('/bono/reclamo/seguimiento?ref=AB12-CD34-EF56', 'en'),
      '/bono/reclamo/seguimiento?ref=AB12-CD34-EF56&lang=en',
    );
    assert.equal(hrefWithLang('/bono?x=1', 'en'), '/bono?x=1&lang=en');
    assert.equal(hrefWithLang('/bono?lang=en&x=1', 'es'), '/bono?lang=es&x=1');
    assert.equal(hrefWithLang('/transparencia#bono', 'es'), '/transparencia?lang=es#bono');
  });
});

describe('a date typed in three boxes', () => {
  it('reads back a real calendar day as an ISO date', () => {
    assert.equal(
      readDate({ 'dob-day': '7', 'dob-month': '3', 'dob-year': '1985' }, 'dob').date,
      '1985-03-07',
    );
    assert.equal(
      readDate({ 'dob-day': '29', 'dob-month': '2', 'dob-year': '2020' }, 'dob').date,
      '2020-02-29',
    );
  });

  it('refuses a day the calendar lacks, a short year or a missing part, keeping what was typed', () => {
    assert.equal(readDate({ 'dob-day': '30', 'dob-month': '2', 'dob-year': '1985' }, 'dob').date, undefined);
    assert.equal(readDate({ 'dob-day': '29', 'dob-month': '2', 'dob-year': '2021' }, 'dob').date, undefined);
    assert.equal(readDate({ 'dob-day': '1', 'dob-month': '1', 'dob-year': '85' }, 'dob').date, undefined);
    assert.deepEqual(readDate({ 'dob-day': ' 9 ' }, 'dob'), {
      parts: { day: '9', month: '', year: '' },
      date: undefined,
    });
    assert.equal(readDate({ 'dob-day': ['7'], 'dob-month': '3', 'dob-year': '1985' }, 'dob').date, undefined);
  });
});

describe('the escaper of string-built SVG', () => {
  it('escapes the five characters that could open markup or end an attribute', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('Potosí 1.234'), 'Potosí 1.234');
  });
});

describe('dates in words', () => {
  it('write the day, month and year in the reader language', () => {
    assert.equal(formatLongDate('2020-12-01', 'es'), '1 de diciembre de 2020');
    assert.equal(formatLongDate('2021-03-01', 'en'), '1 March 2021');
  });
});
