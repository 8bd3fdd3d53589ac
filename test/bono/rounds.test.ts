import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../src/audit/index.ts';
import {
  approveRound,
  createRound,
  getRound,
  rejectRound,
  replayRound,
  roundProgress,
} from '../../src/bono/index.ts';
import { getAccountsByCode, verifyLedger } from '../../src/ledger/index.ts';
import { describeFailure } from '../../src/messages/index.ts';
import { bono } from '../../src/rules/index.ts';
import { seedCountry } from '../helpers/country.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { okValue } from '../helpers/result.ts';

const at = new Date('2020-11-30T14:00:00Z');

describe('bono rounds: freeze, maker-checker, replay', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
    await seedCountry(t.db, t.dir, 1_500);
  });
  after(() => t.dispose());

  it("refuses a round dated before the law, with the law's failure, and writes nothing", async () => {
    const tables = ['bono_round', 'bono_entitlement', 'audit_entry', 'ledger_account'] as const;
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of tables) {
        const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        out[table] = row!.n;
      }
      return out;
    };
    const before = await counts();
    // The date an officer types: the law (Ley 1330) took effect on 2020-09-16.
    const refused = await createRound(t.db, {
      asOf: '2020-09-01',
      kind: 'regular',
      actor: 'account:ana',
      at,
    });
    assert.deepEqual(refused, {
      ok: false,
      error: {
        code: 'parameter_not_in_force',
        parameter: 'bono_law_date',
        source: bono.parameters.source,
        on: '2020-09-01',
        firstEffective: '2020-09-16',
      },
    });
    assert.ok(!refused.ok);
    assert.deepEqual(describeFailure(refused.error, 'en'), {
      status: 422,
      title: 'The law is not in force on that date.',
      detail: `Parameter bono_law_date (${bono.parameters.source}) has no value in force on 2020-09-01: its first value takes effect on 2020-09-16. Evaluate on or after that date.`,
    });
    assert.deepEqual(await counts(), before);
  });

  it('freezes the entitlements with control totals that add up and a content hash', async () => {
    const round = okValue(
      await createRound(t.db, { asOf: '2020-12-01', kind: 'regular', actor: 'account:ana', at }),
    );
    assert.equal(round.status, 'frozen');
    assert.ok(round.entitlementCount > 100, `expected entitlements, got ${round.entitlementCount}`);
    assert.equal(round.totalCentavos, BigInt(round.entitlementCount) * 100_000n);
    assert.equal(
      round.controlTotals.reduce((s, c) => s + c.count, 0),
      round.entitlementCount,
    );
    assert.match(round.contentHash, /^[0-9a-f]{64}$/);
    const [n] = await t.db.query<{ n: number; deposit: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE channel = 'deposit')::int AS deposit FROM bono_entitlement WHERE round_id = $1`,
      [round.id],
    );
    assert.equal(n!.n, round.entitlementCount);
    assert.ok(n!.deposit > 0, 'some persons have a registered account');
    // Every entitled person really is eligible by the in-memory rules: spot-check is in the rules tests;
    // here the band windows must be those of the parameters.
    const bands = new Set(round.controlTotals.map((c) => c.band));
    assert.ok(bands.size >= 3, `bands ${[...bands]}`);
  });

  it('refuses a second regular round while one stands', async () => {
    assert.deepEqual(
      await createRound(t.db, { asOf: '2020-12-02', kind: 'regular', actor: 'account:ana', at }),
      {
        ok: false,
        error: { code: 'regular_round_exists', roundId: 1, roundStatus: 'frozen' },
      },
    );
  });

  it('replays to the same hash, even after the registry changed', async () => {
    const round = (await getRound(t.db, 1))!;
    const replay = okValue(await replayRound(t.db, round.id));
    assert.equal(replay.contentHash, round.contentHash);
    assert.ok(replay.matches && replay.rulesVersionMatches);
    // A later correction (someone becomes too young) must not change the replay of the frozen round.
    const [p] = await t.db.query<{ id: string }>(
      'SELECT person_id::text AS id FROM bono_entitlement WHERE round_id = $1 ORDER BY person_id LIMIT 1',
      [round.id],
    );
    await t.db.transaction(async (tx) => {
      const [imp] = await tx.query<{ id: string }>(
        `INSERT INTO import_run (kind, file_name, content_sha256, actor, status) VALUES ('correction', 'test', repeat('a', 64), 'test', 'completed') RETURNING id::text AS id`,
      );
      await tx.query(
        `INSERT INTO person_history (person_id, import_id, old_values, new_values)
         SELECT id, $2, jsonb_build_object('residence_country', residence_country), jsonb_build_object('residence_country', 'AR') FROM person WHERE id = $1`,
        [p!.id, imp!.id],
      );
      await tx.query(`UPDATE person SET residence_country = 'AR' WHERE id = $1`, [p!.id]);
    });
    const again = okValue(await replayRound(t.db, round.id));
    assert.equal(again.contentHash, round.contentHash, JSON.stringify(again.differences));
    // …whereas tampering with a frozen row is detected.
    const [{ band: originalBand } = { band: '' }] = await t.db.query<{ band: string }>(
      'SELECT band FROM bono_entitlement WHERE round_id = $1 AND person_id = $2',
      [round.id, p!.id],
    );
    await t.db.query('UPDATE bono_entitlement SET band = $2 WHERE round_id = $1 AND person_id = $3', [
      round.id,
      'x',
      p!.id,
    ]);
    const tampered = okValue(await replayRound(t.db, round.id));
    assert.equal(tampered.contentHash, round.contentHash, 'the snapshot still replays');
    assert.notEqual(tampered.rowsHash, round.contentHash, 'the altered row is detected');
    assert.equal(tampered.matches, false);
    assert.deepEqual(
      tampered.differences.map((d) => d.personId),
      [p!.id],
    );
    await t.db.query('UPDATE bono_entitlement SET band = $3 WHERE round_id = $1 AND person_id = $2', [
      round.id,
      p!.id,
      originalBand,
    ]);
    assert.equal(okValue(await replayRound(t.db, round.id)).matches, true);
    assert.deepEqual(await replayRound(t.db, 99), {
      ok: false,
      error: { code: 'round_not_found', roundId: 99 },
    });
  });

  it('nobody approves their own round; a second officer does, and the payable is funded', async () => {
    assert.deepEqual(await approveRound(t.db, { roundId: 1, actor: 'account:ana', at }), {
      ok: false,
      error: { code: 'maker_checker', roundId: 1, actor: 'account:ana', decision: 'approve' },
    });
    assert.deepEqual(await approveRound(t.db, { roundId: 99, actor: 'account:beto', at }), {
      ok: false,
      error: { code: 'round_not_found', roundId: 99 },
    });
    const approved = okValue(await approveRound(t.db, { roundId: 1, actor: 'account:beto', at }));
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decidedBy, 'account:beto');
    const [payable] = await getAccountsByCode(t.db, ['bono:entitlements-payable']);
    assert.equal(payable!.creditsPosted, approved.totalCentavos);
    // A retry of the approval is refused and funds nothing twice.
    assert.deepEqual(await approveRound(t.db, { roundId: 1, actor: 'account:carla', at }), {
      ok: false,
      error: { code: 'round_not_frozen', roundId: 1, roundStatus: 'approved' },
    });
    const [again] = await getAccountsByCode(t.db, ['bono:entitlements-payable']);
    assert.equal(again!.creditsPosted, approved.totalCentavos);
    const ledger = await verifyLedger(t.db);
    assert.deepEqual(ledger.problems, []);
    const progress = await roundProgress(t.db, 1);
    assert.equal(progress.entitled.count, approved.entitlementCount);
    assert.equal(progress.unpaid.count, approved.entitlementCount);
    const audit = await verifyAuditChain(t.db);
    assert.equal(audit.ok, true);
  });

  it('a supplementary round adds only persons not yet entitled; rejection needs a reason', async () => {
    const [outside] = await t.db.query<{ id: string }>(
      'SELECT id::text AS id FROM person p WHERE NOT EXISTS (SELECT 1 FROM bono_entitlement e WHERE e.person_id = p.id) LIMIT 1',
    );
    const [inside] = await t.db.query<{ id: string }>(
      'SELECT person_id::text AS id FROM bono_entitlement LIMIT 1',
    );
    const rounds = async () =>
      (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bono_round'))[0]!.n;
    const before = await rounds();
    assert.deepEqual(
      await createRound(t.db, {
        asOf: '2021-01-10',
        kind: 'supplementary',
        personIds: [BigInt(inside!.id)],
        actor: 'account:ana',
        at,
      }),
      { ok: false, error: { code: 'round_empty' } },
    );
    assert.deepEqual(
      await createRound(t.db, {
        asOf: '2021-01-10',
        kind: 'supplementary',
        personIds: [BigInt(outside!.id)],
        actor: 'account:ana',
        at,
      }),
      { ok: false, error: { code: 'round_empty' } },
      'a person who is not eligible is not added',
    );
    assert.equal(await rounds(), before, 'a refused round leaves no row behind');
    assert.deepEqual(await rejectRound(t.db, { roundId: 1, actor: 'account:carla', at }), {
      ok: false,
      error: { code: 'reason_required', roundId: 1 },
    });
  });
});
