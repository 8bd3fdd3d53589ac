/**
 * One of the two processes of the store's two-writer test: puts the shared blobs (the same bytes
 * the other process puts) and its own, interleaved and concurrent, and prints what the store said.
 *   node --import tsx test/cases/evidence/put-child.ts <store root> <process tag> <count>
 */
import { EvidenceStore } from '../../../src/cases/evidence/store.ts';

const [root, tag, countText] = process.argv.slice(2);
const count = Number(countText);
const store = new EvidenceStore(root!);
const shared = (i: number) => new TextEncoder().encode(`shared blob ${i} `.repeat(200 + i));
const own = (i: number) => new TextEncoder().encode(`${tag} blob ${i} `.repeat(100 + i));
const results = await Promise.all(
  Array.from({ length: count }, (_, i) => [store.put(shared(i)), store.put(own(i))]).flat(),
);
process.stdout.write(JSON.stringify(results));
