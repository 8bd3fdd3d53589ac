import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BankLookupLimit, budgetShare, type LookupPlace } from '../../src/bono/index.ts';

/** A bank credential's budget of look-ups that find nobody entitled, and the counters it keeps. */

const T0 = Date.parse('2021-02-01T14:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

test('entitled persons give their place back; misses use the budget up, then every look-up waits', () => {
  const limit = new BankLookupLimit(3);
  for (let i = 0; i < 10; i++) {
    const place = limit.take('ak_a', 'BUNIBOLX', at(0));
    assert.ok(place.admitted, `hit ${i}`);
    place.settle(true);
  }
  for (let i = 0; i < 3; i++) {
    const place = limit.take('ak_a', 'BUNIBOLX', at(0));
    assert.ok(place.admitted, `miss ${i}`);
    place.settle(false);
    place.settle(true); // settled once: a second call changes nothing
  }
  const refused = limit.take('ak_a', 'BUNIBOLX', at(0));
  assert.deepEqual(refused, { admitted: false, retryAfterSeconds: 20, startsEpisode: true });
  assert.deepEqual(limit.take('ak_a', 'BUNIBOLX', at(1)), {
    admitted: false,
    retryAfterSeconds: 19,
    startsEpisode: false,
  });
  // Another credential of the same bank has its own budget.
  assert.ok(limit.take('ak_b', 'BUNIBOLX', at(1)).admitted);
  assert.deepEqual(
    limit.counters().find((c) => c.credentialId === 'ak_a'),
    {
      credentialId: 'ak_a',
      organisation: 'BUNIBOLX',
      checked: 13,
      misses: 3,
      refused: 2,
      lastRefusedAt: at(1),
    },
  );
});

test('places in flight count: a burst takes no more than the budget before any is settled', () => {
  const limit = new BankLookupLimit(5);
  const places = Array.from({ length: 50 }, () => limit.take('ak_c', 'BNBOBOLX', at(0)));
  const admitted = places.filter((p): p is LookupPlace => p.admitted);
  assert.equal(admitted.length, 5);
  for (const p of admitted) p.settle(true);
  assert.ok(limit.take('ak_c', 'BNBOBOLX', at(0)).admitted, 'given back once the persons were entitled');
});

test('the budget refills at its rate; a clock set back refills nothing; a new episode after a quiet minute', () => {
  const limit = new BankLookupLimit(60);
  for (let i = 0; i < 60; i++) limit.take('ak_d', null, at(0));
  assert.equal(limit.take('ak_d', null, at(0)).admitted, false);
  assert.equal(limit.take('ak_d', null, at(-30)).admitted, false, 'a clock set back refills nothing');
  const later = limit.take('ak_d', null, at(1));
  assert.ok(later.admitted, 'one place a second');
  later.settle(false);
  assert.equal(limit.take('ak_d', null, at(1)).admitted, false);
  const quiet = limit.take('ak_d', null, at(1.5));
  assert.equal(!quiet.admitted && quiet.startsEpisode, false, 'refusals half a second apart: one episode');
  for (let i = 0; i < 60; i++) limit.take('ak_d', null, at(200));
  const again = limit.take('ak_d', null, at(200));
  assert.equal(
    !again.admitted && again.startsEpisode,
    true,
    'a refusal after a quiet minute is reported again',
  );
  assert.throws(() => new BankLookupLimit(0));
});

test('workers on one port share the budget out: together they admit no more misses than the limit', () => {
  assert.equal(budgetShare(120, 1), 120);
  assert.equal(budgetShare(120, 4), 30);
  assert.equal(budgetShare(120, 7), 17);
  assert.equal(budgetShare(2, 4), 1, 'at least one each');
  assert.throws(() => budgetShare(120, 0), /processes/);
  // Four workers, each with its share, a credential's misses spread over them: 120 in all.
  const workers = Array.from({ length: 4 }, () => new BankLookupLimit(budgetShare(120, 4)));
  let admitted = 0;
  for (let i = 0; i < 400; i++) {
    const place = workers[i % 4]!.take('ak_a', 'BUNIBOLX', at(0));
    if (place.admitted) {
      admitted += 1;
      place.settle(false);
    }
  }
  assert.equal(admitted, 120);
});
