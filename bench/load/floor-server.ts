/**
 * The naive floor the hot-path benchmarks measure ayni against (issue #17), in its own process like
 * ayni's server: Hono on @hono/node-server and a `pg` pool, answering the same requests at the same
 * paths with one prepared statement each and nothing else (no validation beyond JSON, no
 * credential, no rate limit, no ledger, no audit):
 *   POST /api/bono/status   person ⟕ entitlement by the CI triple (one prepared SELECT: a person
 *                           found but not entitled is a 200 with no entitlement, as ayni answers);
 *   POST /api/bono/payouts  one INSERT … SELECT … ON CONFLICT DO NOTHING into bono_payment, in its
 *                           own transaction (autocommit).
 *
 *   node --import tsx bench/load/floor-server.ts --database-url URL --port 3198 [--pool 10] [--round 1]
 *        [--payments bono_payment]
 *
 * `--payments` names the table the payouts go into: the bench gives it a copy of bono_payment
 * (CREATE TABLE … (LIKE bono_payment INCLUDING ALL), same columns, constraints and indexes), so the
 * floor pays the same persons from the same request file as ayni did without meeting ayni's rows.
 *
 * Prints `floor: serving` on stderr once it listens.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const pool = new pg.Pool({ connectionString: arg('database-url', ''), max: Number(arg('pool', '10')) });
const round = Number(arg('round', '1'));
const port = Number(arg('port', '3198'));
const payments = arg('payments', 'bono_payment');
if (!/^[a-z_][a-z0-9_]*$/.test(payments)) throw new Error(`bad table name ${payments}`);

interface Triple {
  ciNumber: string;
  complemento?: string;
  dateOfBirth: string;
}

const STATUS = {
  name: 'floor-status',
  text: `SELECT p.id, e.round_id, e.amount_centavos, e.channel, e.opens_on, e.closes_on, e.bank_bic
         FROM person p LEFT JOIN bono_entitlement e ON e.person_id = p.id
         WHERE p.ci_number = $1 AND p.complemento = $2 AND p.date_of_birth = $3`,
};
const PAYOUT = {
  name: 'floor-payout',
  text: `INSERT INTO ${payments} (person_id, round_id, amount_centavos, channel, bank_bic, payment_point,
           idempotency_key, transfer_id, paid_at, recorded_by)
         SELECT p.id, e.round_id, e.amount_centavos, 'counter', $4, $5, $6, 'floor:' || $4 || ':' || $6, now(), 'floor'
         FROM person p JOIN bono_entitlement e ON e.person_id = p.id AND e.round_id = $7
         WHERE p.ci_number = $1 AND p.complemento = $2 AND p.date_of_birth = $3 AND e.channel = 'counter'
         ON CONFLICT DO NOTHING
         RETURNING id, person_id, amount_centavos`,
};

const app = new Hono();
app.post('/api/bono/status', async (c) => {
  const b = (await c.req.json()) as Triple;
  const { rows } = await pool.query({ ...STATUS, values: [b.ciNumber, b.complemento ?? '', b.dateOfBirth] });
  if (rows.length === 0) return c.json({ code: 'person_not_found' }, 404);
  return c.json({ person: rows[0].id, entitlements: rows.filter((r) => r.round_id !== null) });
});
app.post('/api/bono/payouts', async (c) => {
  const b = (await c.req.json()) as Triple & { paymentPoint?: string };
  const bank = c.req.header('authorization')?.slice(-8) ?? 'BANK';
  const key = c.req.header('idempotency-key') ?? '';
  const { rows } = await pool.query({
    ...PAYOUT,
    values: [b.ciNumber, b.complemento ?? '', b.dateOfBirth, bank, b.paymentPoint ?? '', key, round],
  });
  if (rows.length === 0) return c.json({ code: 'already_paid_or_not_entitled' }, 409);
  return c.json({ payment: rows[0] }, 201);
});

serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.error('floor: serving'));
process.on('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0));
});
