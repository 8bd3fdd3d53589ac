import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createAccount, createCredential } from './access/index.ts';
import type { App } from './app.ts';
import { accountActor, SYSTEM_ACTOR } from './audit/index.ts';
import { approveRound, createRound, fileGrievance, PayoutDesk } from './bono/index.ts';
import { evidenceStoreFor, seedCaseFile } from './cases/index.ts';
import { startClockUnlessSet } from './clock.ts';
import { personImportSpec, runImport, SOURCE_LISTS, sourceListImportSpec } from './registry/index.ts';
import { bonoBankBics, counterEntitlements, registryHasPersons } from './seed.repository.ts';
import { writePrivateFile } from './shared/private-files.ts';
import { generateCountry } from './synth/index.ts';

/** The date the seeded country is as of: the day the bono's payment window closed. */
export const SEED_AS_OF = '2021-03-01';

/**
 * When the audit trail says the seeded country was imported: an hour before the demonstration
 * round is created (seedBonoOperations), so the trail reads in the order the story happened.
 */
const SEED_IMPORTED_AT = new Date('2020-11-30T13:00:00Z');

/**
 * Seeds a synthetic country into an empty registry so every screen has data on first start.
 * Does nothing when persons already exist.
 *
 * @example await seedIfEmpty(app, 118_420, 2020, printMessage)
 */
export async function seedIfEmpty(
  app: App,
  people: number,
  seed: number,
  log: (line: string) => void,
): Promise<boolean> {
  if ((await registryHasPersons(app.db)) || people === 0) return false;
  const outDir = path.join(app.config.dataDir, 'seed');
  log(
    `Empty registry: generating a synthetic country of ${people.toLocaleString('en')} persons (seed ${seed})…`,
  );
  const report = await generateCountry({ people, seed, outDir, asOf: SEED_AS_OF });
  log('Importing the persons, then every source list…');
  // ayni itself imports the seed; each import is in the audit trail like any other.
  const options = {
    actor: SYSTEM_ACTOR,
    now: () => SEED_IMPORTED_AT,
    asOf: SEED_AS_OF,
    rejectsDir: app.rejectsDir,
  };
  const persons = report.files.find((f) => f.name === 'persons.csv');
  if (!persons) throw new Error('synthetic country has no persons.csv');
  const p = seededImport(
    await runImport(app.db, personImportSpec(SEED_AS_OF), { ...options, filePath: persons.path }),
  );
  log(`Imported ${p.rowsAccepted.toLocaleString('en')} persons in ${(p.elapsedMs / 1000).toFixed(1)} s.`);
  for (const list of SOURCE_LISTS) {
    const file = report.files.find((f) => f.name === `${list.name}.csv`);
    if (!file) continue;
    const s = seededImport(
      await runImport(app.db, sourceListImportSpec(list, SEED_AS_OF), { ...options, filePath: file.path }),
    );
    log(`Imported ${list.name}: ${s.rowsAccepted.toLocaleString('en')} rows.`);
  }
  await rm(outDir, { recursive: true, force: true });
  await seedBonoOperations(app, seed, log);
  await seedCases(app, log);
  return true;
}

/** An import of the seed's own files: ayni generated them, so a refused one is a bug. */
function seededImport(imported: Awaited<ReturnType<typeof runImport>>) {
  if (!imported.ok)
    throw new Error(`the synthetic country's file was refused: ${JSON.stringify(imported.error)}`);
  return imported.value;
}

/** A long step of the seed prints how far it is at least this often. */
const PROGRESS_EVERY_MS = 5_000;

/**
 * The synthetic accountability case file (issue #21), shaped like Sacaba and Senkata with invented
 * persons only, its team the demo investigator (diana.investigadora). Idempotent: a second run
 * finds it and changes nothing.
 */
async function seedCases(app: App, log: (line: string) => void): Promise<void> {
  const investigator = accountActor('diana.investigadora');
  const seeded = await seedCaseFile(app.db, evidenceStoreFor(app.config.dataDir), {
    username: 'diana.investigadora',
    actor: investigator,
  });
  if (!seeded.ok) throw new Error(`seed: the synthetic case file was refused (${seeded.error.code})`);
  if (seeded.value.created) log(`Synthetic case file ${seeded.value.investigation.code} seeded.`);
}

/** The demonstration clock: mid-February 2021, the rezagados period, when anyone entitled could collect. */
export const DEMO_CLOCK_START = '2021-02-15T14:00:00.000Z';

/**
 * Runs the bono on the seeded country as it happened, so every screen has data: officer accounts
 * (passwords written to <data>/demo-accounts.txt, shown once), a bank credential per bank, a regular
 * round created by one officer and approved by another, counter payouts spread over the age-band
 * windows through the same PayoutDesk the bank API uses, a few grievances, and the demo clock.
 */
async function seedBonoOperations(app: App, seed: number, log: (line: string) => void): Promise<void> {
  const created = new Date('2020-11-30T14:00:00Z');
  const password = () => `demo-${randomBytes(9).toString('base64url')}`;
  const officers = [
    { username: 'ana.oficial', displayName: 'Ana Quispe (oficial del bono)', roles: ['bono_officer'] },
    { username: 'beto.aprobador', displayName: 'Alberto Mamani (aprobador)', roles: ['bono_approver'] },
    { username: 'carla.auditora', displayName: 'Carla Rojas (auditora)', roles: ['auditor'] },
    {
      username: 'diana.investigadora',
      displayName: 'Diana Condori (investigadora de casos)',
      roles: ['case_investigator'],
    },
    { username: 'admin', displayName: 'Administrador', roles: ['administrator'] },
  ];
  const lines = [
    'ayni demonstration accounts (synthetic data only; change or disable before any real use)',
    '',
  ];
  for (const o of officers) {
    const pw = password();
    const r = await createAccount(app.db, { ...o, password: pw, actor: 'system', now: created });
    if (r.ok) lines.push(`officer  ${o.username.padEnd(16)} ${pw}   roles: ${o.roles.join(', ')}`);
  }
  log('Demo round: one officer freezes the entitlements, another approves the round…');
  const frozen = await createRound(app.db, {
    asOf: '2020-12-01',
    kind: 'regular',
    note: 'Ronda de demostración',
    actor: 'account:ana.oficial',
    at: created,
  });
  // The seed's registry holds no round yet and two officers decide it: a refusal is a bug here.
  if (!frozen.ok) throw new Error(`seed: the demo round was refused (${frozen.error.code})`);
  const round = frozen.value;
  const approved = await approveRound(app.db, {
    roundId: round.id,
    actor: 'account:beto.aprobador',
    at: new Date('2020-11-30T20:00:00Z'),
  });
  if (!approved.ok) throw new Error(`seed: the demo round's approval was refused (${approved.error.code})`);
  log(`Demo round ${round.id}: ${round.entitlementCount.toLocaleString('en')} entitlements, approved.`);
  const banks = (await bonoBankBics(app.db)).map((bic) => ({ bic }));
  lines.push('');
  for (const b of banks) {
    const r = await createCredential(app.db, {
      organisation: b.bic,
      roles: ['bank'],
      description: 'demo',
      actor: 'system',
      now: created,
    });
    if (r.ok) lines.push(`bank     ${b.bic.padEnd(16)} Authorization: Bearer ${r.value.token}`);
  }
  // Counter payouts: most entitled persons collect within their window, a few in the rezagados
  // period; the rest are still unpaid on the demo date. Deterministic for a given seed.
  const persons = await counterEntitlements(app.db, round.id);
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const desk = new PayoutDesk(app.db);
  const points = ['Agencia Central', 'Agencia Norte', 'Agencia Sur', 'Punto rural', 'Agente corresponsal'];
  const payouts = persons
    .map((p) => ({ p, r: random() }))
    .filter(({ r }) => r < 0.8)
    .map(({ p, r }) => {
      const inOwn = r < 0.7;
      const from = new Date(`${inOwn ? p.opens : '2021-01-27'}T13:00:00Z`).getTime();
      const to = new Date(`${inOwn ? p.closes : '2021-02-14'}T22:00:00Z`).getTime();
      const at = new Date(from + Math.floor(random() * (to - from)));
      return {
        p,
        at,
        bank: banks[Math.floor(random() * banks.length)]!.bic,
        point: points[Math.floor(random() * points.length)]!,
      };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  // The longest step of the seed (about half of it on a 2-core machine): say what it is doing.
  log(`Demo payouts at bank counters: ${payouts.length.toLocaleString('en')} through the payout desk…`);
  let paid = 0;
  let reported = performance.now();
  for (let i = 0; i < payouts.length; i += 200) {
    if (performance.now() - reported > PROGRESS_EVERY_MS) {
      log(`  ${i.toLocaleString('en')} of ${payouts.length.toLocaleString('en')} recorded…`);
      reported = performance.now();
    }
    const results = await Promise.all(
      payouts.slice(i, i + 200).map((x) =>
        desk.pay({
          bankBic: x.bank,
          idempotencyKey: `seed-${x.p.id.padStart(10, '0')}`,
          person: { ciNumber: x.p.ci, complemento: x.p.c, dateOfBirth: x.p.dob },
          paymentPoint: x.point,
          at: x.at,
          actor: `credential:seed-${x.bank}`,
        }),
      ),
    );
    paid += results.filter((r) => r.ok && r.value.result === 'paid').length;
  }
  await desk.close();
  log(`Demo payouts at bank counters: ${paid.toLocaleString('en')}.`);
  const unpaid = persons.find((p) => !payouts.some((x) => x.p.id === p.id));
  const grievances = [
    {
      kind: 'not_listed' as const,
      ciNumber: '4000001',
      complemento: '',
      dateOfBirth: '1985-03-12',
      description: 'No figuro en la lista aunque cobro el Bono Universal.',
    },
    ...(unpaid
      ? [
          {
            kind: 'paid_not_received' as const,
            ciNumber: unpaid.ci,
            complemento: unpaid.c,
            dateOfBirth: unpaid.dob,
            description: 'Dicen que ya cobré, pero no recibí el dinero.',
          },
        ]
      : []),
  ];
  for (const g of grievances) {
    const filed = await fileGrievance(app.db, {
      kind: g.kind,
      person: { ciNumber: g.ciNumber, complemento: g.complemento, dateOfBirth: g.dateOfBirth },
      description: g.description,
      filedVia: 'citizen',
      actor: 'system',
      at: new Date('2021-02-10T15:00:00Z'),
    });
    // The seed's own claims are valid: a refusal is a bug in the seed.
    if (!filed.ok) throw new Error(`the seed's grievance was refused: ${filed.error.code}`);
  }
  // The database's clock starts here, once: every later process goes on from it (src/clock.ts).
  await startClockUnlessSet(app.db, new Date(DEMO_CLOCK_START), new Date());
  const file = path.join(app.config.dataDir, 'demo-accounts.txt');
  // Passwords and API secrets: 0600 even over a file an earlier start left with another mode.
  await writePrivateFile(file, `${lines.join('\n')}\n`);
  log(`Demo accounts and bank credentials: ${file} (shown once; sign in at /oficina).`);
  log(
    `Demo clock started at ${DEMO_CLOCK_START}; it runs on in real time, across restarts (AYNI_CLOCK moves it forward).`,
  );
}
