import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageMessages } from '../../src/messages/index.ts';
import { PERSON_FILE_HEADER, SOURCE_LISTS, sourceListHeader } from '../../src/registry/index.ts';
import { LANGS } from '../../src/shared/lang.ts';

/**
 * The lists page documents each file's header column by column: the format's name in `<code>`
 * and what the column holds in the reader's language. A column added to a list without its words
 * would be shown bare; this says which.
 */
describe('the columns of the list files', () => {
  for (const lang of LANGS)
    it(`(${lang}) are each described`, () => {
      const described = pageMessages(lang).registry.fileColumns as Readonly<Record<string, string>>;
      const columns = new Set([...SOURCE_LISTS.flatMap((l) => sourceListHeader(l)), ...PERSON_FILE_HEADER]);
      const bare = [...columns].filter((c) => !described[c]?.trim());
      assert.deepEqual(bare, [], 'columns without a description');
    });
});
