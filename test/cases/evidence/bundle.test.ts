import assert from 'node:assert/strict';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CUSTODY_GENESIS, custodyEntryHash as caseFileRule } from '../../../src/cases/custody.hash.ts';
import {
  type BundleCustodyInput,
  type BundleManifest,
  custodyEntryHash,
  MANIFEST_NAME,
  verifyBundle,
  verifyBundleCommand,
  writeBundle,
} from '../../../src/cases/evidence/bundle.ts';
import { EvidenceStore } from '../../../src/cases/evidence/store.ts';

let dir: string;
let store: EvidenceStore;
let pristine: string;
let digest: string;

/** A custody chain hashed with the bundle's rule, one entry a day from 15 Nov 2019 (synthetic). */
function chain(itemId: string, sha256: string, actions: string[]): BundleCustodyInput[] {
  const out: BundleCustodyInput[] = [];
  let prevHash = CUSTODY_GENESIS;
  actions.forEach((action, i) => {
    const at = new Date(Date.UTC(2019, 10, 15 + i, 16, 0, 0, 250));
    const entry = {
      seq: i + 1,
      at: at.toISOString(),
      actor: `account:investigador${i}`,
      action,
      details: { place: 'Sacaba', n: i },
    };
    const hash = custodyEntryHash(prevHash, entry, { itemId, sha256 });
    out.push({ ...entry, at, prevHash, hash });
    prevHash = hash;
  });
  return out;
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-bundle-'));
  store = new EvidenceStore(path.join(dir, 'store'));
  const blobs = await Promise.all(
    ['fotografía A (sintética)', 'acta de levantamiento (sintética)', 'transcripción T1 (sintética)'].map(
      (s) => store.put(new TextEncoder().encode(s.repeat(100))),
    ),
  );
  const items = blobs.map((b, i) => {
    const id = BigInt(i + 7);
    const custody = chain(
      id.toString(),
      b.sha256,
      ['collected', 'transferred', 'accessed', 'analysed'].slice(0, 2 + i),
    );
    const last = custody[custody.length - 1]!;
    return {
      item: {
        id,
        title: `item ${id}`,
        mediaType: 'text/plain',
        sha256: b.sha256,
        byteLength: BigInt(b.byteLength),
        originalItemId: i === 2 ? 8n : null,
        custodySeq: last.seq,
        custodyHash: last.hash,
      },
      custody,
    };
  });
  pristine = path.join(dir, 'pristine');
  const written = await writeBundle(
    pristine,
    {
      investigation: { id: 1n, title: 'Sacaba (sintética)' },
      generatedAt: new Date('2026-12-07T12:00:00Z'),
      items,
      findings: [{ id: 'H1', text: 'hallazgo', cites: [{ itemId: 7n, sha256: blobs[0]!.sha256 }] }],
    },
    store,
  );
  digest = written.digest;
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let copies = 0;
/** A writable copy of the pristine bundle, changed by `change`. */
async function tampered(
  change: (bundle: string, manifest: BundleManifest) => Promise<BundleManifest | undefined>,
) {
  const bundle = path.join(dir, `copy${copies++}`);
  await cp(pristine, bundle, { recursive: true });
  const manifestPath = path.join(bundle, MANIFEST_NAME);
  await chmod(manifestPath, 0o644);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BundleManifest;
  const changed = await change(bundle, manifest);
  if (changed !== undefined) await writeFile(manifestPath, JSON.stringify(changed, null, 2));
  return verifyBundle(bundle, { expectedDigest: changed === undefined ? digest : undefined });
}

const codes = (v: { problems: { code: string; itemId?: string; seq?: number }[] }) =>
  v.problems.map((p) => `${p.code}:${p.itemId ?? ''}:${p.seq ?? ''}`);

describe('court bundle', () => {
  test('the bundle as written verifies: every file, every chain, the manifest digest', async () => {
    const v = await verifyBundle(pristine, { expectedDigest: digest });
    assert.deepEqual(v.problems, []);
    assert.equal(v.ok, true);
    assert.equal(v.items, 3);
    assert.equal(v.custodyEntries, 2 + 3 + 4);
    assert.equal(v.digest, digest);
    const manifest = JSON.parse(await readFile(path.join(pristine, MANIFEST_NAME), 'utf8')) as BundleManifest;
    const item = manifest.items[1]!;
    assert.equal(item.path, `files/${item.sha256}`);
    assert.equal(item.byteLength, (await readFile(path.join(pristine, item.path))).byteLength);
    assert.equal(manifest.items[2]!.originalItemId, '8');
    const cli = await verifyBundleCommand(pristine, { expectedDigest: digest });
    assert.equal(cli.ok, true);
    assert.match(cli.summary, /verifies: 3 items, 9 custody entries/);
  });

  test("the bundle's rule is the case file's custody rule", () => {
    const entry = {
      seq: 1,
      at: '2019-11-15T16:00:00.000Z',
      actor: 'account:ana',
      action: 'collected',
      details: { a: 1 },
    };
    const sha256 = 'ab'.repeat(32);
    assert.equal(
      custodyEntryHash(CUSTODY_GENESIS, entry, { itemId: '7', sha256 }),
      caseFileRule({
        prevHash: CUSTODY_GENESIS,
        itemId: 7n,
        itemSha256: sha256,
        seq: 1,
        at: new Date(entry.at),
        actor: entry.actor,
        action: entry.action,
        details: entry.details,
      }),
    );
  });

  test('one changed byte in a file names that file and its item', async () => {
    let target = '';
    const v = await tampered(async (bundle, manifest) => {
      target = manifest.items[1]!.path;
      const file = path.join(bundle, target);
      await chmod(file, 0o644);
      const bytes = await readFile(file);
      bytes[10] = bytes[10]! ^ 0x20;
      await writeFile(file, bytes);
      return undefined;
    });
    assert.deepEqual(codes(v), ['file_changed:8:']);
    assert.equal(v.problems[0]!.path, target);
    assert.match(v.problems[0]!.message, new RegExp(`file ${target} of item 8 was changed.*same size`));
  });

  test('an altered custody entry is named by item and entry number', async () => {
    const v = await tampered(async (_bundle, m) => {
      m.items[2]!.custody.entries[1]!.details = { place: 'El Alto', n: 1 };
      return m;
    });
    assert.deepEqual(codes(v), ['custody_entry_altered:9:2']);
    assert.match(
      v.problems[0]!.message,
      /item 9's custody chain: entry 2 \(transferred by account:investigador1/,
    );
  });

  test('an altered entry whose hash was recomputed is still caught, by the next link', async () => {
    const v = await tampered(async (_bundle, m) => {
      const item = m.items[2]!;
      const e = item.custody.entries[1]!;
      e.actor = 'account:otro';
      e.hash = custodyEntryHash(e.prevHash, e, item);
      return m;
    });
    assert.deepEqual(codes(v), ['custody_entry_altered:9:2']);
    assert.match(v.problems[0]!.message, /entry 2 was altered \(its hash was recomputed/);
  });

  test('a dropped entry, in the middle or at the end, is named as missing', async () => {
    const middle = await tampered(async (_bundle, m) => {
      m.items[2]!.custody.entries.splice(1, 1);
      return m;
    });
    assert.deepEqual(codes(middle), ['custody_entry_missing:9:2']);
    const end = await tampered(async (_bundle, m) => {
      m.items[1]!.custody.entries.pop();
      return m;
    });
    assert.deepEqual(codes(end), ['custody_entry_missing:8:3']);
    assert.match(end.problems[0]!.message, /entry 3 is missing from the end/);
    const renumbered = await tampered(async (_bundle, m) => {
      const entries = m.items[2]!.custody.entries;
      entries.splice(1, 1);
      entries.forEach((e, i) => {
        e.seq = i + 1;
      });
      m.items[2]!.custody.head.seq = entries.length;
      return m;
    });
    assert.ok(codes(renumbered).includes('custody_entry_altered:9:1'), codes(renumbered).join());
  });

  test('swapped entries are named as reordered', async () => {
    const v = await tampered(async (_bundle, m) => {
      const entries = m.items[2]!.custody.entries;
      [entries[1], entries[2]] = [entries[2]!, entries[1]!];
      return m;
    });
    assert.ok(
      codes(v).some((c) => c.startsWith('custody_entries_reordered:9:')),
      codes(v).join(),
    );
  });

  test('a missing file, a stray file, a path out of the bundle, a finding citing other bytes', async () => {
    const v = await tampered(async (bundle, m) => {
      await rm(path.join(bundle, m.items[0]!.path), { force: true });
      await writeFile(path.join(bundle, 'files', 'extra.bin'), 'x');
      m.items[1]!.path = '../../etc/passwd';
      m.findings[0]!.cites.push({ itemId: '99', sha256: 'c'.repeat(64) });
      m.findings[0]!.cites[0]!.sha256 = 'd'.repeat(64);
      return m;
    });
    assert.deepEqual(codes(v).sort(), [
      'file_missing:7:',
      'finding_cites_other_bytes:7:',
      'finding_cites_unknown_item:99:',
      'path_outside_bundle:8:',
      `unlisted_file::`,
      `unlisted_file::`,
    ]);
  });

  test("an edited manifest is caught by the report's digest; a broken one is named", async () => {
    const manifestPath = path.join(pristine, MANIFEST_NAME);
    const v = await verifyBundle(pristine, { expectedDigest: 'e'.repeat(64) });
    assert.deepEqual(codes(v), ['digest_mismatch::']);
    const bundle = path.join(dir, 'broken');
    await cp(pristine, bundle, { recursive: true });
    await chmod(path.join(bundle, MANIFEST_NAME), 0o644);
    await writeFile(path.join(bundle, MANIFEST_NAME), '{"format":"ayni.cases.bundle.v1","items":[]}');
    const broken = await verifyBundleCommand(bundle);
    assert.equal(broken.ok, false);
    assert.match(broken.problems[0]!, /bundle\.json is not a ayni\.cases\.bundle\.v1 manifest/);
    await rm(path.join(bundle, MANIFEST_NAME));
    assert.deepEqual(codes(await verifyBundle(bundle)), ['manifest_missing::']);
    assert.ok((await readFile(manifestPath)).byteLength > 0);
  });
});
