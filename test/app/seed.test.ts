import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { App } from '../../src/app.ts';
import { seedIfEmpty } from '../../src/seed.ts';
import { loadConfig } from '../../src/shared/config.ts';
import { createTestDatabase } from '../helpers/database.ts';

/**
 * The first start seeds a country for a minute or more, and a new user watched it print nothing
 * during its last 11 s (issue 15 §4): each long step is announced before it runs, and its result
 * printed after.
 */
test('seeding announces each long step before it runs, then its result', async () => {
  const t = await createTestDatabase();
  try {
    const config = { ...loadConfig({}), dataDir: t.dir };
    const app: App = { config, db: t.db, rejectsDir: path.join(t.dir, 'rejects'), close: async () => {} };
    const lines: string[] = [];
    assert.equal(await seedIfEmpty(app, 300, 7, (line) => lines.push(line)), true);
    const at = (pattern: RegExp) => {
      const i = lines.findIndex((l) => pattern.test(l));
      assert.notEqual(i, -1, `a line matching ${pattern} in:\n${lines.join('\n')}`);
      return i;
    };
    const steps = [
      at(/^Empty registry: generating a synthetic country of 300 persons \(seed 7\)…$/),
      at(/^Importing the persons, then every source list…$/),
      at(/^Imported 300 persons in [\d.]+ s\.$/),
      at(/^Demo round: one officer freezes the entitlements, another approves the round…$/),
      at(/^Demo round 1: [\d,]+ entitlements, approved\.$/),
      at(/^Demo payouts at bank counters: [\d,]+ through the payout desk…$/),
      at(/^Demo payouts at bank counters: [\d,]+\.$/),
      at(/^Demo clock started at /),
    ];
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
      'in the order they run',
    );
  } finally {
    await t.dispose();
  }
});
