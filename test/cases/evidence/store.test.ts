import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { metadataHeadBytes } from '../../../src/cases/evidence/metadata.ts';
import {
  EvidenceStore,
  evidenceStoreFor,
  handOver,
  readOriginalMetadata,
  SMALL_FILE_BYTES,
  type StoredBlob,
} from '../../../src/cases/evidence/store.ts';
import { jpegWithExif } from './jpeg-fixture.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..', '..');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (s: string) => new TextEncoder().encode(s);

let dataDir: string;
let store: EvidenceStore;
before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ayni-evidence-'));
  store = evidenceStoreFor(dataDir);
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Every file under a folder, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
}

describe('EvidenceStore', () => {
  test('stores bytes under their SHA-256 in one level of 256 fan-out folders, read-only, and gives them back', async () => {
    const bytes = text('Acta de levantamiento de cadáver, puente Huayllani (sintético)');
    const blob = await store.put(bytes);
    assert.deepEqual(blob, { sha256: sha(bytes), byteLength: bytes.byteLength, alreadyStored: false });
    assert.equal(store.rootDirectory, path.join(dataDir, 'evidence'));
    const where = path.join(dataDir, 'evidence', blob.sha256.slice(0, 2), blob.sha256);
    assert.equal(store.pathOf(blob.sha256), where);
    assert.equal(await store.locate(blob.sha256), where);
    assert.equal((await stat(where)).mode & 0o777, 0o444);
    assert.deepEqual(await store.read(blob.sha256), bytes);
    assert.equal(await store.has(blob.sha256), true);
    assert.deepEqual(await store.check(blob.sha256), { ok: true, actualSha256: blob.sha256 });
    assert.deepEqual(
      await filesUnder(path.join(dataDir, 'evidence', 'incoming')),
      [],
      'no temporary file left',
    );
  });

  test('the same bytes are stored once; an empty file is a blob too', async () => {
    const bytes = text('fotografía 0001');
    const first = await store.put(bytes);
    const again = await store.put(Readable.from([Buffer.from('fotografía '), Buffer.from('0001')]));
    assert.equal(again.sha256, first.sha256);
    assert.equal(again.alreadyStored, true);
    const empty = await store.put(new Uint8Array(0));
    assert.equal(empty.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(empty.byteLength, 0);
  });

  test('concurrent puts of the same bytes: exactly one stores them, the others are told so', async () => {
    const bytes = text('video sintético '.repeat(50_000));
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    assert.equal(new Set(results.map((r) => r.sha256)).size, 1);
    assert.equal(results.filter((r) => !r.alreadyStored).length, 1);
    assert.deepEqual(await store.check(sha(bytes)), { ok: true, actualSha256: sha(bytes) });
  });

  test('a large stream is written to disk while it is still being read, not gathered in memory', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const incoming = path.join(dataDir, 'evidence', 'incoming');
    let bytesOnDiskMidway = -1;
    const source = Readable.from(
      (async function* () {
        for (let i = 0; i < 12; i++) {
          if (i === 8) {
            const files = await filesUnder(incoming);
            const sizes = await Promise.all(
              files.map(async (f) => (await stat(path.join(incoming, f))).size),
            );
            bytesOnDiskMidway = Math.max(0, ...sizes);
          }
          yield Buffer.concat([Buffer.from([i]), chunk]);
        }
      })(),
    );
    const blob = await store.put(source);
    assert.equal(blob.byteLength, 12 * (1024 * 1024 + 1));
    assert.ok(
      bytesOnDiskMidway >= 7 * 1024 * 1024,
      `only ${bytesOnDiskMidway} bytes on disk after 8 MB read`,
    );
    assert.equal((await store.check(blob.sha256)).ok, true);
  });

  test('a source that fails midway leaves nothing under a hash name and no temporary file', async () => {
    const before = await filesUnder(store.rootDirectory);
    const source = Readable.from(
      (async function* () {
        yield Buffer.from('primera mitad');
        throw new Error('cable desconectado');
      })(),
    );
    await assert.rejects(store.put(source), /cable desconectado/);
    assert.deepEqual(await filesUnder(store.rootDirectory), before);
    assert.equal(await store.has(sha(text('primera mitad'))), false);
  });

  test('a process killed in the middle of a put leaves nothing under a hash name', async () => {
    const root = path.join(dataDir, 'crash-store');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'put-crash-child.ts'), root], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve());
      child.on('exit', () => reject(new Error('the child ended before writing')));
    });
    child.kill('SIGKILL');
    await exited;
    const left = await filesUnder(root);
    assert.equal(left.length, 1, left.join());
    assert.match(left[0]!, /^incoming\/\d+-[0-9a-f]{24}\.partial$/);
    // The same bytes put again, whole, are stored normally beside the abandoned temporary file.
    const whole = Buffer.concat([1, 2, 3].map((n) => Buffer.alloc(1024 * 1024, n)));
    const blob = await new EvidenceStore(root).put(whole);
    assert.equal(blob.alreadyStored, false);
    assert.deepEqual(await new EvidenceStore(root).check(blob.sha256), {
      ok: true,
      actualSha256: blob.sha256,
    });
    // The abandoned file is swept once it is old enough; the blob stays.
    const crashed = new EvidenceStore(root);
    assert.equal(await crashed.removeAbandoned(new Date(Date.now() - 3_600_000)), 0, 'too recent to sweep');
    assert.equal(await crashed.removeAbandoned(new Date(Date.now() + 1000)), 1);
    assert.deepEqual(await filesUnder(root), [path.relative(root, crashed.pathOf(blob.sha256))]);
  });

  test('check names the hash of a blob whose bytes changed on disk; a missing blob is not ok', async () => {
    const bytes = text('informe de autopsia sintético');
    const { sha256 } = await store.put(bytes);
    const where = store.pathOf(sha256);
    await chmod(where, 0o644);
    const changed = Buffer.from(bytes);
    changed[3] = changed[3]! ^ 1;
    await writeFile(where, changed);
    const result = await store.check(sha256);
    assert.equal(result.ok, false);
    assert.equal(result.actualSha256, sha(changed));
    const absent = 'f'.repeat(64);
    assert.deepEqual(await store.check(absent), { ok: false });
    assert.equal(await store.has(absent), false);
    await assert.rejects(store.read(absent), /ENOENT/);
  });

  test('names that are not a SHA-256 never reach the file system', async () => {
    assert.equal(await store.has('../../etc/passwd'), false);
    assert.deepEqual(await store.check('ABC'), { ok: false });
    await assert.rejects(store.read('../x'), /not a SHA-256/);
    assert.throws(() => store.pathOf('A'.repeat(64)), /not a SHA-256/);
  });

  test('two processes putting the same and different bytes into one folder do not corrupt it', async () => {
    const root = path.join(dataDir, 'shared-store');
    const count = 40;
    const child = (tag: string) =>
      run(process.execPath, ['--import', 'tsx', path.join(here, 'put-child.ts'), root, tag, String(count)], {
        cwd: projectRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
    const [a, b] = await Promise.all([child('uno'), child('dos')]);
    const results = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)] as StoredBlob[];
    assert.equal(results.length, 4 * count);
    const firstWrites = new Map<string, number>();
    for (const r of results)
      firstWrites.set(r.sha256, (firstWrites.get(r.sha256) ?? 0) + (r.alreadyStored ? 0 : 1));
    assert.equal(firstWrites.size, 3 * count, 'shared blobs once, each process its own');
    for (const [hash, created] of firstWrites) assert.equal(created, 1, `${hash} created ${created} times`);
    const shared = new EvidenceStore(root);
    for (const hash of firstWrites.keys())
      assert.deepEqual(await shared.check(hash), { ok: true, actualSha256: hash });
    const files = await filesUnder(root);
    assert.equal(files.length, 3 * count, 'nothing else on disk (no temporary files)');
    assert.ok(files.every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f)));
  });

  test('putBatch stores many files in order, once per content, pulling sources lazily', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ayni-evidence-batch-'));
    try {
      const batchStore = new EvidenceStore(root);
      const earlier = text('declaración testimonial 7 (sintética)');
      await batchStore.put(earlier);
      const contents = Array.from({ length: 40 }, (_, i) => text(`pieza ${i} `.repeat(i * 300 + 1)));
      // The same bytes twice in one batch, and bytes stored before it.
      const sources = [...contents, contents[3]!, earlier];
      let pulled = 0;
      let finished = 0;
      let mostAhead = 0;
      const blobs = await batchStore.putBatch(
        (function* () {
          for (const bytes of sources) {
            pulled++;
            mostAhead = Math.max(mostAhead, pulled - finished);
            yield Readable.from(
              (async function* () {
                yield bytes.subarray(0, 5);
                await new Promise((resolve) => setTimeout(resolve, 1));
                yield bytes.subarray(5);
                finished++;
              })(),
            );
          }
        })(),
        { concurrency: 4 },
      );
      assert.equal(pulled, sources.length);
      assert.ok(mostAhead <= 4, `at most 4 sources open at once (${mostAhead})`);
      assert.deepEqual(
        blobs.map((b) => b.sha256),
        sources.map(sha),
        'blobs in the order of the sources',
      );
      assert.equal(blobs.at(-1)!.alreadyStored, true, 'bytes stored before the batch');
      assert.equal(
        [blobs[3]!, blobs[40]!].filter((b) => !b.alreadyStored).length,
        1,
        'the same bytes twice in a batch are stored once',
      );
      assert.equal(blobs.slice(0, 40).filter((b, i) => i !== 3 && b.alreadyStored).length, 0);
      for (const [i, bytes] of contents.entries()) {
        assert.equal(blobs[i]!.byteLength, bytes.byteLength);
        assert.deepEqual(await batchStore.check(blobs[i]!.sha256), { ok: true, actualSha256: sha(bytes) });
        assert.equal((await stat(batchStore.pathOf(blobs[i]!.sha256))).mode & 0o777, 0o444);
      }
      const files = await filesUnder(root);
      assert.equal(files.length, 41, 'every distinct content once, no temporary file left');
      assert.ok(files.every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f)));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('putBatch: small files by the writer thread, larger ones streamed; bytes handed over are moved', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ayni-evidence-batch-'));
    try {
      const batchStore = new EvidenceStore(root);
      const filled = (size: number, seed: number) => {
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
        return bytes;
      };
      const atLimit = filled(SMALL_FILE_BYTES, 1);
      const overLimit = filled(SMALL_FILE_BYTES + 1, 2);
      const large = filled(2 * SMALL_FILE_BYTES + 12345, 3);
      const larger = new Uint8Array(64);
      const view = larger.subarray(8, 40).fill(7);
      const expected = [atLimit, overLimit, large, new Uint8Array(0), view].map((b) => sha(b));
      const sizes = [atLimit, overLimit, large, new Uint8Array(0), view].map((b) => b.byteLength);
      const whole = handOver(new Uint8Array(atLimit));
      const blobs = await batchStore.putBatch(
        [
          whole,
          Readable.from([overLimit.subarray(0, 1000), overLimit.subarray(1000)]),
          large,
          handOver(new Uint8Array(0)),
          handOver(view),
        ],
        { concurrency: 3 },
      );
      assert.deepEqual(
        blobs.map((b) => b.sha256),
        expected,
      );
      assert.deepEqual(
        blobs.map((b) => b.byteLength),
        sizes,
      );
      assert.equal(whole.byteLength, 0, 'the whole array handed over was moved, not copied');
      assert.equal(view.byteLength, 32, 'a view of a larger buffer is copied, never moved');
      for (const blob of blobs) {
        assert.deepEqual(await batchStore.check(blob.sha256), { ok: true, actualSha256: blob.sha256 });
        assert.equal((await stat(batchStore.pathOf(blob.sha256))).mode & 0o777, 0o444);
      }
      assert.equal((await filesUnder(root)).length, 5, 'no temporary file left');
      const again = await batchStore.putBatch([atLimit, large]);
      assert.deepEqual(
        again.map((b) => b.alreadyStored),
        [true, true],
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('putBatch fails when one source fails, leaving no temporary file; the others are kept', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ayni-evidence-batch-'));
    try {
      const batchStore = new EvidenceStore(root);
      const good = [text('foto 1 (sintética)'), text('foto 2 (sintética)')];
      const broken = Readable.from(
        (async function* () {
          yield text('medio archivo');
          throw new Error('disco de origen ilegible');
        })(),
      );
      await assert.rejects(
        batchStore.putBatch([good[0]!, broken, good[1]!], { concurrency: 1 }),
        /disco de origen ilegible/,
      );
      const files = await filesUnder(root);
      assert.deepEqual(files, [batchStore.pathOf(sha(good[0]!)).slice(root.length + 1)]);
      assert.equal(await batchStore.has(sha(good[1]!)), false, 'nothing after the failure is taken');
      // A retry stores the rest and finds the first already there.
      const again = await batchStore.putBatch(good);
      assert.deepEqual(
        again.map((b) => b.alreadyStored),
        [true, false],
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('blobs of older versions, at ab/cd/<hash>, are read, checked, streamed and never stored again', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ayni-evidence-legacy-'));
    try {
      const old = new EvidenceStore(root);
      const small = text('acta escrita por una versión anterior (sintética)');
      const large = new Uint8Array(SMALL_FILE_BYTES + 10).fill(7);
      const altered = text('foto que cambió en disco (sintética)');
      const legacyOf = (bytes: Uint8Array) =>
        path.join(root, sha(bytes).slice(0, 2), sha(bytes).slice(2, 4), sha(bytes));
      for (const bytes of [small, large, altered]) {
        await mkdir(path.dirname(legacyOf(bytes)), { recursive: true });
        await writeFile(legacyOf(bytes), bytes, { mode: 0o444 });
      }
      await chmod(legacyOf(altered), 0o644);
      await writeFile(legacyOf(altered), text('foto que cambió en disco (sintetica)'));
      const before = await filesUnder(root);

      assert.equal(await old.locate(sha(small)), legacyOf(small));
      assert.equal(await old.has(sha(small)), true);
      assert.deepEqual(await old.read(sha(small)), small);
      assert.deepEqual(await old.check(sha(small)), { ok: true, actualSha256: sha(small) });
      assert.equal((await old.check(sha(altered))).ok, false);
      const streamed: Buffer[] = [];
      for await (const chunk of old.readStream(sha(large))) streamed.push(chunk as Buffer);
      assert.deepEqual(new Uint8Array(Buffer.concat(streamed)), large);

      // Stored once: a put, and a batch (thread and stream paths), find them there.
      assert.equal((await old.put(small)).alreadyStored, true);
      const batch = await old.putBatch([small, large, text('nueva (sintética)')]);
      assert.deepEqual(
        batch.map((b) => b.alreadyStored),
        [true, true, false],
      );
      const added = path.relative(root, old.pathOf(sha(text('nueva (sintética)'))));
      assert.deepEqual(await filesUnder(root), [...before, added].sort());
      // A blob in neither layout: missing, and its stream fails as a missing file's does.
      const missing = 'f'.repeat(64);
      assert.equal(await old.locate(missing), undefined);
      assert.equal(await old.has(missing), false);
      assert.deepEqual(await old.check(missing), { ok: false });
      await assert.rejects(async () => {
        for await (const _ of old.readStream(missing));
      }, /ENOENT/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('readOriginalMetadata', () => {
  test("reads a photo's EXIF and GPS, labelled as claimed by the file and uncorroborated", async () => {
    const jpeg = jpegWithExif({
      make: 'Canon',
      model: 'EOS 80D',
      dateTimeOriginal: '2019:11:15 15:42:10',
      latitude: { ref: 'S', dms: [17, 24, 0] },
      longitude: { ref: 'W', dms: [66, 3, 0] },
    });
    const meta = await readOriginalMetadata(jpeg, 'image/jpeg');
    assert.equal(meta.trust, 'claimed by the file');
    assert.equal(meta.corroborated, false);
    assert.equal(meta.mediaType, 'image/jpeg');
    assert.equal(meta.sniffedMediaType, 'image/jpeg');
    assert.equal(meta.byteLength, jpeg.byteLength);
    const claimed = meta.claimed as Record<string, unknown>;
    assert.equal(claimed.Make, 'Canon');
    assert.equal(claimed.Model, 'EOS 80D');
    assert.equal(typeof claimed.DateTimeOriginal, 'string');
    assert.match(claimed.DateTimeOriginal as string, /^2019-11-1[56]T/);
    assert.ok(Math.abs((claimed.latitude as number) - -17.4) < 1e-9, `latitude ${claimed.latitude}`);
    assert.ok(Math.abs((claimed.longitude as number) - -66.05) < 1e-9, `longitude ${claimed.longitude}`);
    // Plain JSON: survives a round trip unchanged (so a jsonb column keeps what was read).
    assert.deepEqual(JSON.parse(JSON.stringify(meta)), meta);
  });

  test('other files: media type, size and what the first bytes say; a mismatch is flagged', async () => {
    const pdf = text('%PDF-1.7\n% informe sintético\n');
    const asPdf = await readOriginalMetadata(pdf, 'application/pdf');
    assert.deepEqual(asPdf, {
      trust: 'claimed by the file',
      corroborated: false,
      mediaType: 'application/pdf',
      byteLength: pdf.byteLength,
      sniffedMediaType: 'application/pdf',
      claimed: {},
    });
    const disguised = await readOriginalMetadata(pdf, 'image/jpeg');
    assert.equal(disguised.mediaTypeMismatch, true);
    assert.equal(disguised.sniffedMediaType, 'application/pdf');
  });

  test('of a file the metadata only sniffs, the first bytes are all it needs; of an image, its head', () => {
    const exif = 4 << 20;
    const pdf = text('%PDF-1.7 acta de levantamiento');
    assert.equal(metadataHeadBytes('application/pdf', pdf, exif), 16);
    assert.equal(metadataHeadBytes('application/octet-stream', text('datos sin firma'), exif), 16);
    assert.equal(metadataHeadBytes('image/jpeg', text('no es una foto'), exif), exif, 'declared an image');
    assert.equal(
      metadataHeadBytes('application/octet-stream', new Uint8Array([0xff, 0xd8, 0xff, 0xe1]), exif),
      exif,
      'a JPEG by its first bytes',
    );
    assert.equal(metadataHeadBytes(' Image/PNG; x=1', pdf, exif), exif);
  });

  test('a broken image is not an error: the metadata says it could not be read', async () => {
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40, 0x45, 0x78, 0x69, 0x66, 0, 0, 1, 2]);
    const meta = await readOriginalMetadata(broken, 'image/jpeg');
    assert.equal(meta.trust, 'claimed by the file');
    assert.equal(meta.byteLength, broken.byteLength);
    assert.deepEqual(meta.claimed, {});
    assert.equal(typeof meta.unreadable, 'string');
  });

  test('a file with no metadata reads as an empty claim of its own kind', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const meta = await readOriginalMetadata(jpeg, 'image/jpeg');
    assert.deepEqual(meta.claimed, {});
    assert.equal(meta.mediaTypeMismatch, undefined);
  });
});
