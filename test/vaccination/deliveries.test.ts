import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAuditEntries } from '../../src/audit/index.ts';
import {
  DELIVERIES_2021,
  listDeliveries,
  loadDeliveries,
  readDeliveries,
  receiveDelivery,
  stockAt,
} from '../../src/vaccination/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The 2021 deliveries of the domain file (§3.1) load into the national warehouse with one call,
 * each with its sources; a second load moves nothing; the sourced ones are the figures the domain
 * file gives.
 */

const ACTOR = 'account:deliveries-test';
const AT = new Date('2022-01-10T12:00:00Z');
let t: TestDatabase;

before(async () => {
  t = await createTestDatabase();
});
after(() => t.dispose());

test('the 2021 file: every delivery has a source, estimates are marked UNCONFIRMED, the sourced figures are the domain file’s', async () => {
  const deliveries = await readDeliveries(DELIVERIES_2021);
  for (const d of deliveries) {
    assert.match(d.reference, /<https?:\/\//, `${d.id} has a source with its address`);
    if (d.estimate) assert.match(d.note ?? '', /^UNCONFIRMED/, `${d.id} is an estimate and says so`);
    assert.ok(d.receivedOn >= '2021-01-01' && d.receivedOn <= '2021-12-31');
  }
  const sourced = new Map(deliveries.filter((d) => !d.estimate).map((d) => [d.id, d.doses]));
  assert.equal(sourced.get('2021-01-28-sputnik-v'), 20_000n);
  assert.equal(sourced.get('2021-03-21-astrazeneca-covax'), 228_000n);
  assert.equal(sourced.get('2021-07-11-janssen-covax'), 1_008_000n);
  assert.equal(sourced.get('2021-09-18-astrazeneca-spain-france'), 661_700n);
  assert.equal(sourced.get('2021-10-19-pfizer-covax'), 1_188_720n);
  const total = (product: string) =>
    deliveries.filter((d) => d.product === product).reduce((s, d) => s + d.doses, 0n);
  // §3.1: about 1.2 M first components, 1,235,000 second; 12 M Sinopharm by 28 Dec 2021.
  assert.equal(total('sputnik_v_1'), 1_200_000n);
  assert.equal(total('sputnik_v_2'), 1_235_000n);
  assert.equal(total('sinopharm'), 12_000_000n);
  // "More than 14 M doses received by Oct 2021."
  const byOctober = deliveries.filter((d) => d.receivedOn <= '2021-10-31').reduce((s, d) => s + d.doses, 0n);
  assert.ok(byOctober > 14_000_000n);
});

test('loading the deliveries puts every dose in the national warehouse, once', async () => {
  const deliveries = await readDeliveries(DELIVERIES_2021);
  const sourcedOnly = await loadDeliveries(t.db, { sourcedOnly: true, actor: ACTOR, at: AT });
  assert.ok(sourcedOnly.ok);
  const sourced = deliveries.filter((d) => !d.estimate);
  assert.equal(sourcedOnly.value.received, sourced.length);
  assert.equal(sourcedOnly.value.skipped, deliveries.length - sourced.length);

  const all = await loadDeliveries(t.db, { actor: ACTOR, at: AT });
  assert.ok(all.ok);
  assert.deepEqual(all.value, {
    received: deliveries.length - sourced.length,
    alreadyReceived: sourced.length,
    skipped: 0,
    doses: deliveries.filter((d) => d.estimate).reduce((s, d) => s + d.doses, 0n),
  });
  const again = await loadDeliveries(t.db, { actor: ACTOR, at: AT });
  assert.ok(again.ok);
  assert.equal(again.value.received, 0);
  assert.equal(again.value.alreadyReceived, deliveries.length);

  const stock = await stockAt(t.db, { location: 'national-warehouse' });
  assert.ok(stock.ok);
  const held = stock.value.reduce((s, l) => s + l.availableDoses, 0n);
  assert.equal(
    held,
    deliveries.reduce((s, d) => s + d.doses, 0n),
  );
  // The stock as it stood on 1 Feb 2021: the first 20,000 Sputnik V doses only.
  const early = await stockAt(t.db, { location: 'national-warehouse', at: new Date('2021-02-01T04:00:00Z') });
  assert.ok(early.ok);
  assert.deepEqual(
    early.value.map((l) => [l.lot.product, l.availableDoses]),
    [['sputnik_v_1', 20_000n]],
  );
  const recorded = await listDeliveries(t.db, { to: '2021-02-28' });
  assert.deepEqual(
    recorded.map((d) => d.id),
    ['2021-01-28-sputnik-v', '2021-02-24-sinopharm-donation', '2021-02-24-sinopharm-purchase'],
  );
  const audit = await listAuditEntries(t.db, { last: 500 });
  assert.equal(audit.filter((e) => e.action === 'vaccination_delivery.received').length, deliveries.length);
});

test('a delivery id reused with other figures is refused', async () => {
  const [first] = await listDeliveries(t.db);
  assert.ok(first);
  const r = await receiveDelivery(
    t.db,
    {
      id: first.id,
      receivedOn: first.receivedOn,
      lotId: first.lotId,
      doses: first.doses + 1n,
      supplier: first.supplier,
    },
    ACTOR,
    AT,
  );
  assert.deepEqual(r, { ok: false, error: { code: 'delivery_conflict', deliveryId: first.id } });
});
