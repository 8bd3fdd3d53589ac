import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacedQueue } from './paced-queue.ts';

test('handles every item in order, at most perTurn per turn of the event loop', async () => {
  const handled: number[] = [];
  const turns: number[][] = [];
  let turn: number[] = [];
  const queue = new PacedQueue<number>((n) => {
    handled.push(n);
    turn.push(n);
  }, 3);
  // A callback that schedules itself again runs once per turn: it marks where the turns end.
  let ticking = true;
  const tick = () => {
    if (turn.length > 0) turns.push(turn);
    turn = [];
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  for (let i = 1; i <= 10; i++) queue.push(i);
  assert.deepEqual(handled, [], 'nothing is handled while the producer runs');
  await queue.drained();
  ticking = false;
  if (turn.length > 0) turns.push(turn);
  assert.deepEqual(handled, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(
    turns.every((t) => t.length <= 3),
    `no turn handled more than three: ${JSON.stringify(turns)}`,
  );
  // Usable again after it drained.
  queue.push(11);
  await queue.drained();
  assert.deepEqual(handled.slice(-1), [11]);
});

test('lets other callbacks run between slices', async () => {
  const events: string[] = [];
  const queue = new PacedQueue<number>((n) => events.push(`item ${n}`), 2);
  for (let i = 1; i <= 4; i++) queue.push(i);
  setImmediate(() => events.push('other'));
  await queue.drained();
  const other = events.indexOf('other');
  assert.ok(other > 0 && other < events.length - 1, `another callback ran in between: ${events.join(', ')}`);
});

test("the handler's first error rejects drained(), and later items are not handled", async () => {
  const handled: number[] = [];
  const queue = new PacedQueue<number>((n) => {
    if (n === 2) throw new Error('cannot handle 2');
    handled.push(n);
  }, 10);
  for (let i = 1; i <= 4; i++) queue.push(i);
  await assert.rejects(queue.drained(), /cannot handle 2/);
  assert.deepEqual(handled, [1]);
});

test('drained() with nothing queued resolves at once', async () => {
  const queue = new PacedQueue<number>(() => assert.fail('no item'), 1);
  await queue.drained();
});

test('an abandoned queue handles nothing more, and drained() rejects', async () => {
  const handled: number[] = [];
  const queue = new PacedQueue<number>((n) => handled.push(n), 2);
  for (let i = 1; i <= 6; i++) queue.push(i);
  await new Promise<void>((resolve) => setImmediate(resolve));
  queue.abandon();
  queue.push(7);
  await assert.rejects(queue.drained(), /abandoned/);
  assert.ok(handled.length <= 2, `at most the first slice was handled: ${handled.join(', ')}`);
  assert.ok(!handled.includes(7));
});
