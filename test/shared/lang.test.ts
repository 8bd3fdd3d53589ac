import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isLang, LANGS, type Lang, otherLang, pickLang } from '../../src/shared/lang.ts';

it('picks ?lang= first, then the first language of Accept-Language, Spanish by default', () => {
  assert.equal(pickLang('en', 'es-BO'), 'en');
  assert.equal(pickLang('fr', 'en-GB,en;q=0.9'), 'en');
  assert.equal(pickLang(undefined, 'es-BO,en;q=0.5'), 'es');
  assert.equal(pickLang(undefined, 'fr-FR,en;q=0.5'), 'es');
  assert.equal(pickLang(undefined, undefined), 'es');
});

it('lists the languages as data: each one is a Lang, and the switch goes round them all', () => {
  assert.deepEqual([...LANGS], ['es', 'en']);
  for (const lang of LANGS) assert.equal(isLang(lang), true);
  assert.equal(isLang('qu'), false);
  const seen = new Set<string>();
  let lang: Lang = LANGS[0];
  for (let i = 0; i < LANGS.length; i++) {
    seen.add(lang);
    lang = otherLang(lang);
  }
  assert.equal(seen.size, LANGS.length);
  assert.equal(lang, LANGS[0]);
});
