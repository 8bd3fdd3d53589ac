import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../../src/audit/index.ts';
import { describeFailure, noticeWordsInSpanish } from '../../src/messages/index.ts';
import {
  balanceOf,
  fileDeclaration,
  fileDeclarations,
  grantMandate,
  issueNotice,
  mandatedTaxpayers,
  mandates,
  readDeclaration,
  revokeMandate,
} from '../../src/wealth-tax/index.ts';
import {
  AT,
  failure,
  must,
  OFFICER,
  USD_ASSETS,
  type WealthTaxFixture,
  wealthTaxFixture,
} from './fixture.ts';

/**
 * A taxpayer's representative's own account reaches only the taxpayers who mandated it (issue
 * #20): without a mandate in force — never granted, not yet begun, expired, revoked — every action
 * (declare, amend, read the assessment, the balance, a notice) is refused with `not_mandated`, as
 * is a NIT nobody registered; a mandate in force lets the same account act; its list holds only
 * its mandated taxpayers; grants and revocations are audited.
 */

let f: WealthTaxFixture;
const REP = 'rep.carla';
const REP_ACTOR = `account:${REP}` as const;
const MANDATED = '7001001';
const OTHER = '7001002';
const filing = (nit: string, key: string, extra: { reason?: string } = {}) => ({
  nit,
  fortuneYear: 2020,
  filedOn: '2021-03-20',
  declaration: USD_ASSETS,
  filingKey: key,
  representative: REP,
  ...extra,
});
const asRep = { representative: REP, at: AT };

before(async () => {
  f = await wealthTaxFixture();
  await f.filer(MANDATED);
  await f.filer(OTHER);
  // The other taxpayer filed through an officer: there is something to read, but not for REP.
  must(await f.file({ ...filing(OTHER, 'sin:other:1'), representative: undefined }));
});
after(() => f.dispose());

async function refusedEverywhere(nit: string, key: string): Promise<void> {
  const refusals = [
    await fileDeclaration(f.db, filing(nit, key), REP_ACTOR, AT),
    await readDeclaration(
      f.db,
      { nit, fortuneYear: 2020, on: '2021-04-10', lang: 'es', representative: REP },
      REP_ACTOR,
      AT,
    ),
    await balanceOf(f.db, nit, 2020, asRep),
    await issueNotice(
      f.db,
      {
        nit,
        fortuneYear: 2020,
        kind: 'assessment',
        on: '2021-04-10',
        words: noticeWordsInSpanish,
        representative: REP,
      },
      REP_ACTOR,
      AT,
    ),
  ];
  for (const r of refusals) assert.deepEqual(failure(r), { code: 'not_mandated', nit });
}

test('without a mandate a representative declares, reads, sees a balance or a notice of nobody', async () => {
  await refusedEverywhere(MANDATED, 'rep:none:1');
  await refusedEverywhere(OTHER, 'rep:none:2');
  // A NIT nobody registered: the same answer, so the account learns nothing about the register.
  await refusedEverywhere('7999999', 'rep:none:3');
  assert.deepEqual(await mandatedTaxpayers(f.db, REP, AT), []);
  // The batch (an import's way) sends a representative's filing the one-by-one way, which checks.
  const [batched] = await fileDeclarations(f.db, [filing(MANDATED, 'rep:batch:1')], REP_ACTOR, AT);
  assert.deepEqual(failure(batched!), { code: 'not_mandated', nit: MANDATED });
  // Nothing was written for the mandated taxpayer by those attempts.
  assert.equal(
    failure(await f.read({ nit: MANDATED, fortuneYear: 2020, on: '2021-04-10', lang: 'es' })).code,
    'declaration_not_found',
  );
  // The words say why and what to do, in Spanish with no internal name.
  const es = describeFailure({ code: 'not_mandated', nit: MANDATED }, 'es');
  assert.match(es.detail, /mandato vigente/);
  assert.match(es.detail, /7001001/);
  assert.doesNotMatch(`${es.title} ${es.detail}`, /not_mandated|representative|mandate\b/);
  assert.match(describeFailure({ code: 'not_mandated', nit: MANDATED }, 'en').detail, /no mandate in force/);
});

test('a mandate not yet begun or already ended reaches nobody', async () => {
  const future = must(
    await grantMandate(f.db, { nit: MANDATED, representative: REP, validFrom: '2021-05-01' }, OFFICER, AT),
  );
  const ended = must(
    await grantMandate(
      f.db,
      { nit: MANDATED, representative: REP, validFrom: '2021-01-01', validTo: '2021-04-09' },
      OFFICER,
      AT,
    ),
  );
  assert.equal(future.validTo, null);
  assert.equal(ended.validTo, '2021-04-09');
  await refusedEverywhere(MANDATED, 'rep:dates:1');
  assert.deepEqual(await mandatedTaxpayers(f.db, REP, AT), []);
  // The day it begins (Bolivia's day of the instant), it reaches the taxpayer.
  const may = await mandatedTaxpayers(f.db, REP, new Date('2021-05-01T12:00:00Z'));
  assert.deepEqual(
    may.map((t) => t.nit),
    [MANDATED],
  );
  must(await revokeMandate(f.db, { mandateId: future.id, reason: 'Registrado por error' }, OFFICER, AT));
});

test('with a mandate in force the representative declares, amends and sees only that taxpayer', async () => {
  const m = must(
    await grantMandate(
      f.db,
      { nit: MANDATED, representative: REP, validFrom: '2021-01-01', validTo: '2021-12-31' },
      OFFICER,
      AT,
    ),
  );
  assert.equal(m.nit, MANDATED);
  assert.equal(m.grantedBy, OFFICER);
  const filed = must(await fileDeclaration(f.db, filing(MANDATED, 'rep:ok:1'), REP_ACTOR, AT));
  assert.equal(filed.declaration.filedBy, REP_ACTOR);
  assert.equal(filed.declaration.version, 1);
  const amended = must(
    await fileDeclaration(
      f.db,
      {
        ...filing(MANDATED, 'rep:ok:2', { reason: 'Faltaba una cuenta' }),
        declaration: { assets: USD_ASSETS.assets.slice(0, 2) },
      },
      REP_ACTOR,
      AT,
    ),
  );
  assert.equal(amended.declaration.version, 2);
  const record = must(
    await readDeclaration(
      f.db,
      { nit: MANDATED, fortuneYear: 2020, on: '2021-04-10', lang: 'es', representative: REP },
      REP_ACTOR,
      AT,
    ),
  );
  assert.equal(record.versions.length, 2);
  assert.ok(record.explanation);
  const balance = must(await balanceOf(f.db, MANDATED, 2020, asRep));
  assert.equal(balance.taxCentavos, amended.assessment.taxCentavos);
  must(
    await issueNotice(
      f.db,
      {
        nit: MANDATED,
        fortuneYear: 2020,
        kind: 'assessment',
        on: '2021-04-10',
        words: noticeWordsInSpanish,
        representative: REP,
      },
      REP_ACTOR,
      AT,
    ),
  );
  // The list holds the mandated taxpayer only; the other stays out of reach.
  assert.deepEqual(
    (await mandatedTaxpayers(f.db, REP, AT)).map((t) => t.nit),
    [MANDATED],
  );
  await refusedEverywhere(OTHER, 'rep:other:1');
  // Another representative's account does not ride on this mandate.
  assert.equal(
    failure(await balanceOf(f.db, MANDATED, 2020, { representative: 'rep.otro', at: AT })).code,
    'not_mandated',
  );
});

test('after revocation the same account is refused, even a retry of what it filed', async () => {
  const [m] = (await mandates(f.db, { nit: MANDATED })).filter((x) => x.revokedAt === null);
  assert.ok(m);
  const revoked = must(
    await revokeMandate(f.db, { mandateId: m.id, reason: 'El contribuyente revocó el poder' }, OFFICER, AT),
  );
  assert.equal(revoked.revokedBy, OFFICER);
  assert.equal(revoked.revokedReason, 'El contribuyente revocó el poder');
  await refusedEverywhere(MANDATED, 'rep:after:1');
  // The retry of the first filing (same key, same content) answered it before; not any more.
  assert.deepEqual(failure(await fileDeclaration(f.db, filing(MANDATED, 'rep:ok:1'), REP_ACTOR, AT)), {
    code: 'not_mandated',
    nit: MANDATED,
  });
  assert.deepEqual(await mandatedTaxpayers(f.db, REP, AT), []);
  // A mandate is revoked once; the officer's own reading is untouched.
  assert.equal(
    failure(await revokeMandate(f.db, { mandateId: m.id, reason: 'otra vez' }, OFFICER, AT)).code,
    'mandate_revoked',
  );
  assert.equal(
    failure(await revokeMandate(f.db, { mandateId: 999_999n, reason: 'x' }, OFFICER, AT)).code,
    'mandate_not_found',
  );
  must(await f.read({ nit: MANDATED, fortuneYear: 2020, on: '2021-04-10', lang: 'es' }));
});

test('a grant is checked: the account’s name, the dates, the taxpayer; both acts audited', async () => {
  const grant = (input: Partial<Parameters<typeof grantMandate>[1]>) =>
    grantMandate(
      f.db,
      { nit: MANDATED, representative: REP, validFrom: '2021-01-01', ...input },
      OFFICER,
      AT,
    );
  assert.deepEqual(failure(await grant({ representative: 'Not A User!' })), {
    code: 'wealth_tax_input_invalid',
    field: 'representative',
    problem: 'format',
  });
  assert.deepEqual(failure(await grant({ validFrom: '2021-02-30' })), {
    code: 'wealth_tax_input_invalid',
    field: 'validFrom',
    problem: 'format',
  });
  assert.deepEqual(failure(await grant({ validTo: '2020-12-31' })), {
    code: 'wealth_tax_input_invalid',
    field: 'validTo',
    problem: 'range',
  });
  assert.deepEqual(failure(await grant({ nit: '7999999' })), { code: 'taxpayer_not_found', nit: '7999999' });
  assert.deepEqual(failure(await revokeMandate(f.db, { mandateId: 1n, reason: '  ' }, OFFICER, AT)), {
    code: 'wealth_tax_input_invalid',
    field: 'reason',
    problem: 'missing',
  });
  const entries = await listAuditEntries(f.db, { last: 200 });
  const granted = entries.filter((e) => e.action === 'wealth_tax_mandate.granted');
  const revoked = entries.filter((e) => e.action === 'wealth_tax_mandate.revoked');
  assert.equal(granted.length, 3);
  assert.equal(revoked.length, 2);
  assert.ok(
    granted.every(
      (e) => e.actor === OFFICER && (e.after as { representative: string }).representative === REP,
    ),
  );
  // The representative's filings are in the trail under their own account.
  assert.ok(entries.some((e) => e.action === 'wealth_tax_declaration.amended' && e.actor === REP_ACTOR));
  assert.equal((await verifyAuditChain(f.db)).ok, true);
});
