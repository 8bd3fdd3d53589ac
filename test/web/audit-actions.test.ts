import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pageMessages } from '../../src/messages/index.ts';
import { LANGS } from '../../src/shared/lang.ts';
import { MOVEMENT_KINDS } from '../../src/vaccination/index.ts';
import { actionInWords } from '../../src/web/backoffice/audit.pages.tsx';

/**
 * The audit trail's page words every action (issue 16: a page never shows a code): each action a
 * domain records with a literal `action: '<thing>.<verb>'` in src/ has its words in every language,
 * so a new action without them fails here rather than reaching the auditor as «Otra acción».
 */

const SRC = path.join(import.meta.dirname, '..', '..', 'src');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(full)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** The dotted actions written as literals after `action:` (a ternary's two included). */
async function recordedActions(): Promise<Set<string>> {
  const found = new Set<string>();
  for (const file of await sourceFiles(SRC)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/action:([^,]*)/g))
      for (const a of (m[1] ?? '').matchAll(/'([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)'/g)) found.add(a[1]!);
  }
  return found;
}

describe('the audit trail’s actions in words', () => {
  it('every action recorded in src/ has its words in every language', async () => {
    const actions = await recordedActions();
    assert.ok(actions.has('account.created') && actions.has('bono_round.approved'), 'the scan finds actions');
    for (const kind of MOVEMENT_KINDS) actions.add(`vaccination_stock.${kind}`);
    for (const lang of LANGS) {
      const words: Record<string, string> = pageMessages(lang).access.actions;
      const missing = [...actions].filter((a) => !Object.hasOwn(words, a));
      assert.deepEqual(missing, [], `${lang}: actions without words in src/messages/${lang}/pages/access.ts`);
    }
  });

  it('an action the catalogue does not know is "another action", never its code', () => {
    assert.equal(actionInWords('account.created', 'es'), 'Creó una cuenta');
    assert.equal(actionInWords('nothing.known', 'es'), pageMessages('es').access.actions.other);
    assert.equal(actionInWords('toString', 'en'), pageMessages('en').access.actions.other);
  });
});
