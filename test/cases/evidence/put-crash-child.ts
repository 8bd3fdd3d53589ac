/**
 * The store's crash test: puts a stream that writes 3 MiB and then never ends, says so on standard
 * output, and waits to be killed (SIGKILL: no cleanup code runs, as in a power cut).
 *   node --import tsx test/cases/evidence/put-crash-child.ts <store root>
 */
import { Readable } from 'node:stream';
import { EvidenceStore } from '../../../src/cases/evidence/store.ts';

const store = new EvidenceStore(process.argv[2]!);
const source = Readable.from(
  (async function* () {
    for (let i = 0; i < 3; i++) yield Buffer.alloc(1024 * 1024, i + 1);
    process.stdout.write('writing\n');
    await new Promise(() => {});
  })(),
);
await store.put(source);
