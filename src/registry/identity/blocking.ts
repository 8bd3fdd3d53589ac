/**
 * Blocking: the candidate pairs worth comparing, as the union of pairs that share a key under
 * any of several rules (the same CI number; the same date of birth; the same surname and first
 * letter of the given name …). Comparing every pair of an 11.7 M registry is 10^14 pairs; a rule
 * that puts a true pair in the same block keeps its recall, and the union of several rules lets
 * a typo in one field be caught by another. This is the in-memory form, for files that are not
 * in the database (the FEBRL evaluation, a list before import); the registry's own blocking is
 * SQL in identity.repository.ts.
 */

/** A blocking rule: a record's key, or null when the record has none under this rule. */
export interface BlockingRule<R> {
  name: string;
  key(record: R): string | null;
  /** Names of the comparisons the key decides (EM leaves them out of this rule's session). */
  fixes: readonly string[];
}

/** Candidate pairs and what blocking left out. */
export interface Candidates {
  /** Index pairs: into `records` for deduplication (i < j), into left × right for linking. */
  pairs: Array<[number, number]>;
  /** Blocks larger than the limit, skipped: their pairs are not candidates (reported, not hidden). */
  oversizedBlocks: Array<{ rule: string; key: string; size: number }>;
}

/**
 * Candidate pairs within one file (deduplication): every i < j sharing a key under some rule.
 * A block of more than `maxBlockSize` records is skipped and reported: a key that common
 * (a missing value stored as a word, a default date) identifies nobody.
 *
 * @example dedupeCandidates(records, [{ name: 'dob', key: (r) => r.dob || null }], 1000)
 */
export function dedupeCandidates<R>(
  records: readonly R[],
  rules: readonly BlockingRule<R>[],
  maxBlockSize: number,
): Candidates {
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const oversizedBlocks: Candidates['oversizedBlocks'] = [];
  for (const rule of rules) {
    for (const [key, members] of blocksOf(records, rule)) {
      if (members.length > maxBlockSize) {
        oversizedBlocks.push({ rule: rule.name, key, size: members.length });
        continue;
      }
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const i = members[x] as number;
          const j = members[y] as number;
          const code = i * records.length + j;
          if (seen.has(code)) continue;
          seen.add(code);
          pairs.push([i, j]);
        }
      }
    }
  }
  return { pairs, oversizedBlocks };
}

/**
 * Candidate pairs between two files (linking): every (i in left, j in right) sharing a key under
 * some rule, with the same limit on a block's size in `right`.
 *
 * @example linkCandidates(listRows, persons, rules, 1000)
 */
export function linkCandidates<R>(
  left: readonly R[],
  right: readonly R[],
  rules: readonly BlockingRule<R>[],
  maxBlockSize: number,
): Candidates {
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const oversizedBlocks: Candidates['oversizedBlocks'] = [];
  for (const rule of rules) {
    const blocks = blocksOf(right, rule);
    for (const [key, members] of blocks) {
      if (members.length > maxBlockSize) oversizedBlocks.push({ rule: rule.name, key, size: members.length });
    }
    for (let i = 0; i < left.length; i++) {
      const key = rule.key(left[i] as R);
      if (key === null) continue;
      const members = blocks.get(key);
      if (members === undefined || members.length > maxBlockSize) continue;
      for (const j of members) {
        const code = i * right.length + j;
        if (seen.has(code)) continue;
        seen.add(code);
        pairs.push([i, j]);
      }
    }
  }
  return { pairs, oversizedBlocks };
}

function blocksOf<R>(records: readonly R[], rule: BlockingRule<R>): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    const key = rule.key(records[i] as R);
    if (key === null) continue;
    const members = blocks.get(key);
    if (members === undefined) blocks.set(key, [i]);
    else members.push(i);
  }
  return blocks;
}
