import type { Database } from '../../src/db/database.ts';

/**
 * A small country and Bono for the transparency tests, written straight into the tables with SQL.
 *
 * Registry (living, residing in Bolivia): La Paz 20, Santa Cruz 12, Cochabamba 5, Pando 3 — plus
 * one dead person and one living abroad in La Paz, who are not counted.
 *
 * Bono, persons counted once in their latest approved or expired round:
 *
 * | department | eligible | paid | unclaimed | pending |
 * | La Paz     | 20       | 18   | 2         | 0       |  round 1 (expired); one unclaimed had a payment reversed
 * | Santa Cruz | 12       | 12   | 0         | 0       |  round 1
 * | Pando      | 3        | 1    | 1         | 1       |  round 1; one Pando person re-entitled in round 2 (pending)
 * | Cochabamba | 5        | 2    | 0         | 3       |  round 2 (approved, supplementary)
 * | total      | 40       | 33   | 3         | 4       |
 *
 * Round 3 (frozen, Oruro ×5) and round 4 (rejected, Beni ×5) must count nowhere.
 * Channels: planned counter 34, deposit 6 (La Paz); paid counter 28, deposit 5.
 * Paid by day in Bolivia: 1 Dec 10 (one of them at 22:30 local, already 2 Dec in UTC), 2 Dec 3,
 * 3 Dec 16, 15 Jan 2, 20 Jan 2; a reversed payment on 1 Dec counts nowhere.
 * Unclaimed bands: La Paz 18-29 and 50-59, Pando 30-39.
 */

export const FIXTURE_AT = new Date('2021-01-25T15:00:00Z');
const HASH = 'a'.repeat(64);
const AMOUNT = 100_000n;

/** Personal data written by the fixture, which no public page or file may contain. */
export interface FixturePeople {
  ciNumbers: string[];
  names: string[];
  birthDates: string[];
}

interface Seeded {
  id: bigint;
  department: number;
}

export async function seedTransparencyFixture(db: Database): Promise<FixturePeople> {
  const people: FixturePeople = { ciNumbers: [], names: [], birthDates: [] };
  const byDepartment = new Map<number, Seeded[]>();
  let serial = 0;
  const addPerson = async (department: number, extra: { dead?: boolean; abroad?: boolean } = {}) => {
    serial++;
    const ci = `771${String(serial).padStart(4, '0')}`;
    const given = `Zacarías${serial}`;
    const surname = `Quispefixture${serial}`;
    const born = `19${60 + (serial % 40)}-0${1 + (serial % 9)}-1${serial % 10}`;
    const municipality = `0${department}0101`;
    const [row] = await db.query<{ id: bigint }>(
      `INSERT INTO person (ci_number, given_names, first_surname, second_surname, date_of_birth, sex,
                           municipality_code, residence_country, date_of_death, created_import_id, updated_import_id)
       VALUES ($1, $2, $3, 'Mamanitest', $4, 'F', $5, $6, $7, 1, 1) RETURNING id`,
      [ci, given, surname, born, municipality, extra.abroad ? 'AR' : 'BO', extra.dead ? '2020-06-01' : null],
    );
    people.ciNumbers.push(ci);
    people.names.push(given, surname);
    people.birthDates.push(born);
    if (!extra.dead && !extra.abroad) {
      const list = byDepartment.get(department) ?? [];
      list.push({ id: row!.id, department });
      byDepartment.set(department, list);
    }
    return row!.id;
  };
  for (const [department, n] of [
    [2, 20],
    [7, 12],
    [3, 5],
    [9, 3],
  ] as const)
    for (let i = 0; i < n; i++) await addPerson(department);
  await addPerson(2, { dead: true });
  await addPerson(2, { abroad: true });

  const round = async (kind: string, status: string) => {
    const [r] = await db.query<{ id: bigint }>(
      `INSERT INTO bono_round (kind, as_of, status, rules_version, parameters, registry_state, entitlement_count,
                               total_centavos, control_totals, content_hash, created_by, created_at,
                               decided_by, decided_at, expired_at)
       VALUES ($1, '2020-11-30', $2, $3, '{}', '{}', 0, 0, '[]', $3, 'officer-a', '2020-11-30T12:00:00Z',
               $4, $5, $6) RETURNING id`,
      [
        kind,
        status,
        HASH,
        status === 'frozen' ? null : 'officer-b',
        status === 'frozen' ? null : '2020-11-30T13:00:00Z',
        status === 'expired' ? '2021-03-02T04:00:00Z' : null,
      ],
    );
    return r!.id;
  };
  const r1 = await round('regular', 'expired');
  const r2 = await round('supplementary', 'approved');
  const r3 = await round('regular', 'frozen');
  const r4 = await round('regular', 'rejected');

  const entitle = async (
    roundId: bigint,
    personId: bigint,
    department: number,
    band: string,
    deposit = false,
  ) => {
    await db.query(
      `INSERT INTO bono_entitlement (round_id, person_id, amount_centavos, department_code, band, opens_on, closes_on,
                                     deadline, channel, bank_bic, account_number)
       VALUES ($1, $2, $3, $4, $5, '2020-12-01', '2021-01-26', '2021-03-01', $6, $7, $8)`,
      [
        roundId,
        personId,
        AMOUNT,
        department,
        band,
        deposit ? 'deposit' : 'counter',
        deposit ? 'BUNEBOLXXXX' : null,
        deposit ? '1000123456' : null,
      ],
    );
  };
  let paymentSerial = 0;
  const pay = async (
    roundId: bigint,
    personId: bigint,
    paidAt: string,
    channel: 'counter' | 'deposit' = 'counter',
    reversed = false,
  ) => {
    paymentSerial++;
    await db.query(
      `INSERT INTO bono_payment (person_id, round_id, amount_centavos, channel, bank_bic, payment_point, idempotency_key,
                                 transfer_id, paid_at, recorded_by, reversed_at, reversal_reason, reversal_transfer_id, reversed_by)
       VALUES ($1, $2, $3, $4, 'BUNEBOLXXXX', 'Agencia Central', $5, $6, $7, 'bank:BUNEBOLXXXX', $8, $9, $10, $11)`,
      [
        personId,
        roundId,
        AMOUNT,
        channel,
        `key-${paymentSerial}`,
        `bono:test:${paymentSerial}`,
        paidAt,
        reversed ? '2020-12-05T14:00:00Z' : null,
        reversed ? 'paid in error' : null,
        reversed ? `bono:reversal:bono:test:${paymentSerial}` : null,
        reversed ? 'bank:BUNEBOLXXXX' : null,
      ],
    );
  };

  const lp = byDepartment.get(2)!;
  const sc = byDepartment.get(7)!;
  const cb = byDepartment.get(3)!;
  const pd = byDepartment.get(9)!;
  const bands = ['18-29', '30-39', '40-49', '50-59'];

  // La Paz: 14 counter + 6 deposit; persons 0–17 paid (12 counter, 1 counter late at night, 5 deposit).
  for (let i = 0; i < 20; i++) {
    const band = i === 18 ? '18-29' : i === 19 ? '50-59' : bands[i % 4]!;
    await entitle(r1, lp[i]!.id, 2, band, i >= 12 && i < 18);
  }
  // 1 Dec (Bolivia): La Paz 0–9, the last at 22:30 local time (02:30 UTC on 2 Dec).
  for (let i = 0; i < 9; i++) await pay(r1, lp[i]!.id, `2020-12-01T1${i}:00:00Z`);
  await pay(r1, lp[9]!.id, '2020-12-02T02:30:00Z');
  // A payment reversed the same day: the person (La Paz 19) stays unclaimed.
  await pay(r1, lp[19]!.id, '2020-12-01T15:30:00Z', 'counter', true);
  // 2 Dec: La Paz 10, 11 and Pando 0.
  await pay(r1, lp[10]!.id, '2020-12-02T14:00:00Z');
  await pay(r1, lp[11]!.id, '2020-12-02T15:00:00Z');
  await entitle(r1, pd[0]!.id, 9, '40-49');
  await entitle(r1, pd[1]!.id, 9, '30-39');
  await entitle(r1, pd[2]!.id, 9, '18-29');
  await pay(r1, pd[0]!.id, '2020-12-02T16:00:00Z');
  // 3 Dec: La Paz 12–17 by deposit (5) … and one more deposit person paid at the counter.
  for (let i = 12; i < 17; i++) await pay(r1, lp[i]!.id, `2020-12-03T1${i - 10}:00:00Z`, 'deposit');
  await pay(r1, lp[17]!.id, '2020-12-03T18:00:00Z', 'counter');
  // … and Santa Cruz 0–9 at counters; Santa Cruz 10 and 11 on 20 Jan.
  for (let i = 0; i < 12; i++) await entitle(r1, sc[i]!.id, 7, bands[i % 4]!);
  for (let i = 0; i < 10; i++) await pay(r1, sc[i]!.id, `2020-12-03T1${i}:3${i}:00Z`);
  // Round 2: Cochabamba 5 (2 paid on 15 Jan) and Pando 2 again (its latest round: pending).
  for (let i = 0; i < 5; i++) await entitle(r2, cb[i]!.id, 3, 'rezagados');
  await entitle(r2, pd[2]!.id, 9, 'rezagados');
  await pay(r2, cb[0]!.id, '2021-01-15T14:00:00Z');
  await pay(r2, cb[1]!.id, '2021-01-15T15:00:00Z');
  await pay(r1, sc[10]!.id, '2021-01-20T13:00:00Z');
  await pay(r1, sc[11]!.id, '2021-01-20T14:00:00Z');

  // Rounds that must count nowhere.
  for (let i = 0; i < 5; i++) await entitle(r3, 900_000n + BigInt(i), 4, '18-29');
  for (let i = 0; i < 5; i++) await entitle(r4, 910_000n + BigInt(i), 8, '18-29');
  return people;
}
