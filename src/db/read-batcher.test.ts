import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sql } from './database.ts';
import { batchedRead, ReadBatcher } from './read-batcher.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ReadBatcher', () => {
  it('answers every read with its own result, in batches no larger than asked, with bounded queries in flight', async () => {
    const batches: number[][] = [];
    let running = 0;
    let mostRunning = 0;
    const batcher = new ReadBatcher<number, string>({
      maxBatch: 10,
      inFlight: 2,
      run: async (items) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        batches.push(items);
        await tick();
        running--;
        return items.map((n) => `answer ${n}`);
      },
    });
    const answers = await Promise.all(Array.from({ length: 45 }, (_, n) => batcher.read(n)));
    assert.deepEqual(
      answers,
      Array.from({ length: 45 }, (_, n) => `answer ${n}`),
    );
    assert.ok(batches.every((b) => b.length <= 10));
    assert.equal(batches.flat().length, 45);
    assert.ok(batches.length >= 5 && batches.length < 45, `${batches.length} queries for 45 reads`);
    assert.equal(mostRunning, 2);
  });

  it('a failed batch rejects its own reads only; the next reads run', async () => {
    let calls = 0;
    const batcher = new ReadBatcher<number, number>({
      run: async (items) => {
        calls++;
        if (calls === 1) throw new Error('connection lost');
        return items.map((n) => n * 2);
      },
    });
    await assert.rejects(batcher.read(1), /connection lost/);
    assert.equal(await batcher.read(21), 42);
  });

  it('refuses a run that answers the wrong number of items rather than misattribute answers', async () => {
    const batcher = new ReadBatcher<number, number>({ run: async (items) => items.slice(1) });
    const reads = [batcher.read(1), batcher.read(2)];
    for (const r of reads) await assert.rejects(r, /returned 1 results for 2 items/);
  });

  it('batchedRead never mixes reads of two database handles in one query', async () => {
    const seen: [Sql, number[]][] = [];
    const read = batchedRead<number, number>(async (sql, items) => {
      seen.push([sql, items]);
      return items;
    });
    const a = {} as Sql;
    const b = {} as Sql;
    assert.deepEqual(await Promise.all([read(a, 1), read(b, 2), read(a, 3)]), [1, 2, 3]);
    assert.deepEqual(seen, [
      [a, [1, 3]],
      [b, [2]],
    ]);
  });
});
