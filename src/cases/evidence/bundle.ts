import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { toAuditJson } from '../../audit/index.ts';
import { CUSTODY_GENESIS, custodyEntryHash as custodyEntryHashOfFields } from '../custody.hash.ts';
import { sha256OfFile } from './store.ts';

/**
 * The court bundle (issue #21 §6): a folder a court can verify with one command and no database.
 *
 *   bundle.json      the manifest: every cited item with its SHA-256, byte length, media type,
 *                    path inside the bundle and its whole custody chain (each entry with its hash)
 *   files/<sha256>   each cited item's bytes, exactly as the evidence store holds them
 *
 * `verifyBundle` re-hashes every file and re-walks every chain and names each thing that is wrong:
 * the file whose bytes changed, the entry of an item's chain that was altered, dropped or moved.
 * The manifest's own SHA-256 (`bundleDigest`) is printed in the PDF report, so a manifest edited
 * together with its files and hashes is caught too when the court compares the two.
 */

/** The manifest's format; a change of format gets a new name. */
export const BUNDLE_FORMAT = 'ayni.cases.bundle.v1';
export const MANIFEST_NAME = 'bundle.json';
const FILES_FOLDER = 'files';

/** In words, for the court: the rule `verifyBundle` applies (src/cases/custody.hash.ts). */
export const CUSTODY_HASH_RULE =
  'hash = SHA-256 (hex) of the RFC 8785 canonical JSON of ["ayni.custody.v1", prevHash, itemId, itemSha256, ' +
  "seq (decimal string), at (ISO 8601 with milliseconds, UTC), actor, action, details]; the first entry's " +
  'prevHash is 64 zeros, every later one is the hash of the entry before it.';

/** Limits that keep a hostile manifest from exhausting the verifier. */
const MAX_ITEMS = 100_000;
const MAX_ENTRIES_PER_ITEM = 100_000;

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/);
const ID = z.string().regex(/^[0-9]{1,19}$/);

const custodyEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: SHA256,
  hash: SHA256,
});

const itemSchema = z.object({
  itemId: ID,
  title: z.string(),
  sha256: SHA256,
  byteLength: z.number().int().min(0),
  mediaType: z.string(),
  path: z.string(),
  originalItemId: ID.nullable(),
  custody: z.object({
    head: z.object({ seq: z.number().int().min(0), hash: SHA256 }),
    entries: z.array(custodyEntrySchema).max(MAX_ENTRIES_PER_ITEM),
  }),
});

const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  generatedAt: z.string(),
  investigation: z.object({ id: ID, title: z.string() }),
  custodyHashRule: z.string(),
  items: z.array(itemSchema).max(MAX_ITEMS),
  findings: z
    .array(
      z.object({
        id: z.string(),
        text: z.string(),
        cites: z.array(z.object({ itemId: ID, sha256: SHA256 })),
      }),
    )
    .default([]),
});

export type BundleManifest = z.infer<typeof manifestSchema>;
export type BundleItem = z.infer<typeof itemSchema>;
export type BundleCustodyEntry = z.infer<typeof custodyEntrySchema>;

/**
 * The custody entry hash rule, as the bundle applies it: the case file's rule
 * (src/cases/custody.hash.ts `custodyEntryHash`) fed with a bundle entry of an item.
 *
 * @example custodyEntryHash(CUSTODY_GENESIS, { seq: 1, at: '2019-11-15T16:00:00.000Z', actor: 'account:ana',
 *   action: 'collected', details: { place: 'Huayllani' } }, { itemId: '7', sha256: 'ab…' })
 */
export function custodyEntryHash(
  previousHash: string,
  entry: Pick<BundleCustodyEntry, 'seq' | 'at' | 'actor' | 'action' | 'details'>,
  item: { itemId: string; sha256: string },
): string {
  return custodyEntryHashOfFields({
    prevHash: previousHash,
    itemId: BigInt(item.itemId),
    itemSha256: item.sha256,
    seq: entry.seq,
    at: new Date(entry.at),
    actor: entry.actor,
    action: entry.action,
    details: toAuditJson(entry.details),
  });
}

/** One thing wrong with a bundle, named exactly: which file, which item, which entry. */
export interface BundleProblem {
  code:
    | 'manifest_missing'
    | 'manifest_invalid'
    | 'digest_mismatch'
    | 'duplicate_item'
    | 'path_outside_bundle'
    | 'file_missing'
    | 'file_changed'
    | 'unlisted_file'
    | 'custody_entry_altered'
    | 'custody_entry_missing'
    | 'custody_entries_reordered'
    | 'custody_head_mismatch'
    | 'finding_cites_unknown_item'
    | 'finding_cites_other_bytes';
  itemId?: string;
  seq?: number;
  path?: string;
  message: string;
}

export interface BundleVerification {
  ok: boolean;
  /** SHA-256 of bundle.json as it is on disk: compare it with the one printed in the report. */
  digest: string | undefined;
  items: number;
  custodyEntries: number;
  problems: BundleProblem[];
}

/** What `writeBundle` needs of an evidence item: src/cases `EvidenceItem` has all of it. */
export interface BundleItemInput {
  id: bigint;
  title: string;
  mediaType: string;
  sha256: string;
  byteLength: bigint | number;
  originalItemId?: bigint | null;
  custodySeq: number;
  custodyHash: string;
}

/** What `writeBundle` needs of a custody entry: src/cases `CustodyEntry` has all of it. */
export interface BundleCustodyInput {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface BundleInput {
  investigation: { id: bigint; title: string };
  generatedAt: Date;
  items: { item: BundleItemInput; custody: readonly BundleCustodyInput[] }[];
  findings?: { id: string; text: string; cites: { itemId: bigint; sha256: string }[] }[];
}

/**
 * Writes a bundle into `directory` (created; it must be empty): each item's bytes copied from the
 * store (streamed), then the manifest. Files are made read-only. Returns the manifest's digest,
 * which the report prints.
 *
 * @example const { digest } = await writeBundle('out/sacaba', input, evidenceStoreFor(dataDir));
 */
export async function writeBundle(
  directory: string,
  input: BundleInput,
  blobs: { readStream(sha256: string): NodeJS.ReadableStream },
): Promise<{ manifestPath: string; digest: string }> {
  await mkdir(path.join(directory, FILES_FOLDER), { recursive: true, mode: 0o700 });
  const existing = await readdir(path.join(directory, FILES_FOLDER));
  if (existing.length > 0) throw new Error(`bundle folder ${directory} is not empty`);
  const { manifest, text } = bundleManifest(input);
  const written = new Set<string>();
  for (const item of manifest.items) {
    if (written.has(item.sha256)) continue;
    const target = path.join(directory, item.path);
    await pipeline(blobs.readStream(item.sha256), createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    await chmod(target, 0o444);
    written.add(item.sha256);
  }
  const manifestPath = path.join(directory, MANIFEST_NAME);
  await writeFile(manifestPath, text, { flag: 'wx', mode: 0o444 });
  return { manifestPath, digest: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/**
 * The manifest `writeBundle` writes for this input, its exact text and that text's SHA-256: the
 * report prints the digest of the bundle generated at the same instant, without writing it.
 *
 * @example const { digest } = bundleManifest(input); // the same digest writeBundle(dir, input, store) returns
 */
export function bundleManifest(input: BundleInput): {
  manifest: BundleManifest;
  text: string;
  digest: string;
} {
  const items: BundleItem[] = input.items.map(({ item, custody }) => ({
    itemId: item.id.toString(),
    title: item.title,
    sha256: item.sha256,
    byteLength: Number(item.byteLength),
    mediaType: item.mediaType,
    path: `${FILES_FOLDER}/${item.sha256}`,
    originalItemId: item.originalItemId == null ? null : item.originalItemId.toString(),
    custody: {
      head: { seq: item.custodySeq, hash: item.custodyHash },
      entries: [...custody]
        .sort((a, b) => a.seq - b.seq)
        .map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          actor: e.actor,
          action: e.action,
          details: toAuditJson(e.details) as Record<string, unknown>,
          prevHash: e.prevHash,
          hash: e.hash,
        })),
    },
  }));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    generatedAt: input.generatedAt.toISOString(),
    investigation: { id: input.investigation.id.toString(), title: input.investigation.title },
    custodyHashRule: CUSTODY_HASH_RULE,
    items,
    findings: (input.findings ?? []).map((f) => ({
      id: f.id,
      text: f.text,
      cites: f.cites.map((c) => ({ itemId: c.itemId.toString(), sha256: c.sha256 })),
    })),
  };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  return { manifest, text, digest: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/**
 * Verifies a bundle folder: the manifest's form, every file's bytes against its SHA-256 and size,
 * every item's custody chain entry by entry, each finding's citations; and, when the report's
 * digest is given, the manifest itself. Names every problem found, not only the first.
 *
 * @example const v = await verifyBundle('out/sacaba', { expectedDigest }); if (!v.ok) for (const p of v.problems) show(p);
 */
export async function verifyBundle(
  directory: string,
  options: { expectedDigest?: string } = {},
): Promise<BundleVerification> {
  const problems: BundleProblem[] = [];
  let raw: Buffer;
  try {
    raw = await readFile(path.join(directory, MANIFEST_NAME));
  } catch {
    problems.push({ code: 'manifest_missing', path: MANIFEST_NAME, message: `${MANIFEST_NAME} is missing.` });
    return { ok: false, digest: undefined, items: 0, custodyEntries: 0, problems };
  }
  const digest = createHash('sha256').update(raw).digest('hex');
  if (options.expectedDigest !== undefined && options.expectedDigest.toLowerCase() !== digest) {
    problems.push({
      code: 'digest_mismatch',
      path: MANIFEST_NAME,
      message: `${MANIFEST_NAME} hashes to ${digest}, not to the ${options.expectedDigest} the report gives: the manifest was changed.`,
    });
  }
  let manifest: BundleManifest;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(raw.toString('utf8')));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? first.path.join('.') : '';
      throw new Error(`${where === '' ? 'the manifest' : where}: ${first?.message ?? 'invalid'}`);
    }
    manifest = parsed.data;
  } catch (error) {
    problems.push({
      code: 'manifest_invalid',
      path: MANIFEST_NAME,
      message: `${MANIFEST_NAME} is not a ${BUNDLE_FORMAT} manifest (${error instanceof Error ? error.message : String(error)}).`,
    });
    return { ok: false, digest, items: 0, custodyEntries: 0, problems };
  }

  const listed = new Set<string>();
  const byId = new Map<string, BundleItem>();
  let custodyEntries = 0;
  for (const item of manifest.items) {
    if (byId.has(item.itemId)) {
      problems.push({
        code: 'duplicate_item',
        itemId: item.itemId,
        message: `item ${item.itemId} is listed twice.`,
      });
    }
    byId.set(item.itemId, item);
    custodyEntries += item.custody.entries.length;
    problems.push(...(await checkFile(directory, item, listed)));
    problems.push(...checkChain(item));
  }
  problems.push(...(await unlistedFiles(directory, listed)));
  for (const finding of manifest.findings) {
    for (const cite of finding.cites) {
      const item = byId.get(cite.itemId);
      if (item === undefined) {
        problems.push({
          code: 'finding_cites_unknown_item',
          itemId: cite.itemId,
          message: `finding ${finding.id} cites item ${cite.itemId}, which the bundle does not hold.`,
        });
      } else if (item.sha256 !== cite.sha256) {
        problems.push({
          code: 'finding_cites_other_bytes',
          itemId: cite.itemId,
          message: `finding ${finding.id} cites item ${cite.itemId} as ${cite.sha256}, but the bundle holds it as ${item.sha256}.`,
        });
      }
    }
  }
  return { ok: problems.length === 0, digest, items: manifest.items.length, custodyEntries, problems };
}

/**
 * `ayni cases verify-bundle <dir>` (registered by the CLI): the verification as lines to print.
 *
 * @example const { ok, problems } = await verifyBundleCommand('out/sacaba'); process.exitCode = ok ? 0 : 1;
 */
export async function verifyBundleCommand(
  directory: string,
  options: { expectedDigest?: string } = {},
): Promise<{ ok: boolean; problems: string[]; summary: string }> {
  const v = await verifyBundle(directory, options);
  const summary = v.ok
    ? `bundle ${directory} verifies: ${v.items} items, ${v.custodyEntries} custody entries, manifest SHA-256 ${v.digest}.`
    : `bundle ${directory} does NOT verify: ${v.problems.length} problem(s) in ${v.items} items.`;
  return { ok: v.ok, problems: v.problems.map((p) => p.message), summary };
}

/** The item's file: inside the bundle, there, its size and SHA-256 as listed. */
async function checkFile(directory: string, item: BundleItem, listed: Set<string>): Promise<BundleProblem[]> {
  const root = path.resolve(directory);
  const full = path.resolve(root, item.path);
  if (path.isAbsolute(item.path) || !full.startsWith(root + path.sep) || item.path.includes('\\')) {
    return [
      {
        code: 'path_outside_bundle',
        itemId: item.itemId,
        path: item.path,
        message: `item ${item.itemId} points at ${JSON.stringify(item.path)}, outside the bundle.`,
      },
    ];
  }
  listed.add(path.relative(root, full));
  let size: number;
  try {
    const s = await lstat(full);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    return [
      {
        code: 'file_missing',
        itemId: item.itemId,
        path: item.path,
        message: `file ${item.path} of item ${item.itemId} is missing.`,
      },
    ];
  }
  const actual = await sha256OfFile(full);
  if (actual === item.sha256 && size === item.byteLength) return [];
  const sizeNote =
    size === item.byteLength ? `same size, ${size} bytes` : `${size} bytes instead of ${item.byteLength}`;
  return [
    {
      code: 'file_changed',
      itemId: item.itemId,
      path: item.path,
      message: `file ${item.path} of item ${item.itemId} was changed: its bytes hash to ${actual}, not to the listed ${item.sha256} (${sizeNote}).`,
    },
  ];
}

/** Re-walks an item's custody chain; each break is named once, then the walk resumes after it. */
function checkChain(item: BundleItem): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const problem = (code: BundleProblem['code'], seq: number, message: string) =>
    problems.push({
      code,
      itemId: item.itemId,
      seq,
      message: `item ${item.itemId}'s custody chain: ${message}`,
    });
  const entries = item.custody.entries;
  const hashes = new Map(entries.map((e) => [e.hash, e]));
  let expected = 1;
  let previousHash = CUSTODY_GENESIS;
  let previous: BundleCustodyEntry | undefined;
  for (const e of entries) {
    let linkExplained = false;
    if (e.seq > expected) {
      problem(
        'custody_entry_missing',
        expected,
        e.seq - expected === 1
          ? `entry ${expected} is missing (the chain jumps from ${expected - 1} to ${e.seq}).`
          : `entries ${expected} to ${e.seq - 1} are missing (the chain jumps from ${expected - 1} to ${e.seq}).`,
      );
      linkExplained = true;
    } else if (e.seq < expected) {
      problem(
        'custody_entries_reordered',
        e.seq,
        `entry ${e.seq} appears again, or out of order, after entry ${expected - 1}.`,
      );
      linkExplained = true;
    }
    if (!linkExplained && e.prevHash !== previousHash) {
      const linked = hashes.get(e.prevHash);
      if (linked !== undefined && linked.seq !== e.seq - 1) {
        problem(
          'custody_entries_reordered',
          e.seq,
          `entry ${e.seq} follows entry ${linked.seq} in the chain but is numbered after ${e.seq - 1}: entries were reordered.`,
        );
      } else if (previous === undefined) {
        problem(
          'custody_entry_altered',
          e.seq,
          `entry ${e.seq} does not start the chain (its previous hash is not 64 zeros): earlier entries were removed or its link altered.`,
        );
      } else {
        problem(
          'custody_entry_altered',
          previous.seq,
          `entry ${previous.seq} was altered (its hash was recomputed, but entry ${e.seq} still links to the original), or an entry between them was removed and the rest renumbered.`,
        );
      }
    }
    let recomputed: string;
    try {
      recomputed = custodyEntryHash(e.prevHash, e, item);
    } catch (error) {
      recomputed = `unhashable (${error instanceof Error ? error.message : String(error)})`;
    }
    if (recomputed !== e.hash) {
      problem(
        'custody_entry_altered',
        e.seq,
        `entry ${e.seq} (${e.action} by ${e.actor} at ${e.at}) was altered: its content, or the item's SHA-256, no longer hashes to its recorded hash.`,
      );
    }
    previousHash = e.hash;
    previous = e;
    expected = Math.max(expected, e.seq + 1);
  }
  const last = expected - 1;
  const head = item.custody.head;
  if (head.seq > last) {
    problem(
      'custody_entry_missing',
      last + 1,
      head.seq - last === 1
        ? `entry ${head.seq} is missing from the end (the head records ${head.seq} entries, the chain ends at ${last}).`
        : `entries ${last + 1} to ${head.seq} are missing from the end (the head records ${head.seq} entries, the chain ends at ${last}).`,
    );
  } else if (head.seq !== last || head.hash !== previousHash) {
    problem(
      'custody_head_mismatch',
      last,
      `the head (${head.seq}:${head.hash.slice(0, 12)}…) does not match the last entry (${last}:${previousHash.slice(0, 12)}…).`,
    );
  }
  return problems;
}

/** Files in the bundle's files folder that no item lists. */
async function unlistedFiles(directory: string, listed: Set<string>): Promise<BundleProblem[]> {
  const folder = path.join(directory, FILES_FOLDER);
  const names = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return names
    .filter((d) => d.isFile())
    .map((d) => path.relative(path.resolve(directory), path.resolve(d.parentPath ?? d.path, d.name)))
    .filter((relative) => !listed.has(relative))
    .sort()
    .map((relative) => ({
      code: 'unlisted_file' as const,
      path: relative,
      message: `file ${relative} is in the bundle but no item lists it.`,
    }));
}
