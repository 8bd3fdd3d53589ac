/**
 * Expected failures of the registry's imports, as values with a stable code
 * (docs/adr/0009-one-failure-model.md). Their HTTP statuses and their words in each language are in
 * src/messages (status/registry.ts, <lang>/registry.ts); the CLI prints the English words, the back
 * office shows the officer's language.
 *
 * Fields are what the words need, public by construction: a file's path as its caller gave it, the
 * names of the file's first line (shown back to the officer who sent the file; the audit trail keeps
 * only the code, src/registry/import/import-runner.ts), never a row of the file.
 *
 * @example const failure: RegistryFailure = { code: 'import_empty_file', fileName: 'persons.csv' };
 */
export type RegistryFailure =
  /** The file to import is not there. `filePath` as the caller gave it (the CLI's argument). */
  | { readonly code: 'file_not_found'; readonly filePath: string }
  /** The file starts with a UTF-16 byte-order mark. */
  | { readonly code: 'file_utf16'; readonly fileName: string }
  /** The file has not even a header line. */
  | { readonly code: 'import_empty_file'; readonly fileName: string }
  | ImportHeaderMismatch
  /** A source-list import named a list the registry does not know. */
  | { readonly code: 'unknown_source_list'; readonly listName: string; readonly lists: readonly string[] }
  /**
   * The back office's import queue is full: `running` imports run already, or (without it) one with
   * the same key does.
   */
  | { readonly code: 'imports_busy'; readonly running?: number }
  | IdentityReviewFailure
  | IdentityMergeFailure;

/**
 * An officer's decision on a row of the identity review queue refused (issue #23): no such row;
 * already decided otherwise (`status`, by `decidedBy`); an acceptance without a person, or naming a
 * person who is not one of the row's candidates; the person already a member of that snapshot of the
 * list (at `memberLine`); a rejection without its reason.
 */
export type IdentityReviewFailure =
  | { readonly code: 'identity_review_not_found'; readonly reviewId: string }
  | {
      readonly code: 'identity_review_decided';
      readonly reviewId: string;
      readonly status: 'accepted' | 'rejected' | 'unsure';
      readonly decidedBy: string;
    }
  /** The officer who marked the row "not sure" cannot decide it: another officer does. */
  | { readonly code: 'identity_review_escalated_by_you'; readonly reviewId: string }
  | {
      readonly code: 'identity_review_person_required';
      readonly reviewId: string;
      readonly candidates: readonly string[];
    }
  | {
      readonly code: 'identity_review_not_candidate';
      readonly reviewId: string;
      readonly personId: string;
      readonly candidates: readonly string[];
    }
  | {
      readonly code: 'identity_review_already_member';
      readonly reviewId: string;
      readonly personId: string;
      readonly list: string;
      readonly memberLine: string;
    }
  | { readonly code: 'identity_review_reason_required'; readonly reviewId: string };

/**
 * A first line that is not the header expected. Capped whatever the line holds (a 1 MB "header", a
 * binary file read as text): `found` has at most 10 names of at most 60 printable characters each,
 * `foundCount` says how many there were.
 */
export interface ImportHeaderMismatch {
  readonly code: 'import_header_mismatch';
  readonly fileName: string;
  /** The kind of file expected: `persons` or a source list's name. */
  readonly kind: string;
  readonly expected: readonly string[];
  readonly missing: readonly string[];
  /** How many names of the line are not in the expected header. */
  readonly unexpectedCount: number;
  readonly found: readonly string[];
  readonly foundCount: number;
  /** The right names, in the wrong order. */
  readonly wrongOrder: boolean;
}

/**
 * A record another domain keeps under a person's id, which a merge does not rewrite (issue #23):
 * a bono payment (`reference` its round), an entitlement still collectable in an approved round,
 * a vaccination dose (`reference` its product and date).
 */
export interface MergeHolding {
  readonly kind: 'bono_payment' | 'bono_entitlement' | 'vaccination_dose';
  readonly reference: string;
}

/**
 * A merge of two registry persons refused (issue #23): no such merge or person; a person merged
 * with themselves; a person already retired by another merge (into `survivingPersonId`); the
 * person to retire is the survivor of other merges; the pair already proposed or merged; the
 * reason missing; the proposer deciding their own proposal (maker-checker); already decided; an
 * unmerge of a merge not in force; the person to retire holds records of another domain
 * (`retired`, and what the survivor holds: both paid means a recovery first).
 */
export type IdentityMergeFailure =
  | { readonly code: 'identity_merge_not_found'; readonly mergeId: string }
  | { readonly code: 'identity_merge_person_not_found'; readonly personId: string }
  | { readonly code: 'identity_merge_same_person'; readonly personId: string }
  | {
      readonly code: 'identity_merge_person_retired';
      readonly personId: string;
      readonly survivingPersonId: string;
    }
  | { readonly code: 'identity_merge_retired_is_survivor'; readonly personId: string }
  | { readonly code: 'identity_merge_pending'; readonly mergeId: string; readonly status: string }
  | { readonly code: 'identity_merge_reason_required' }
  | { readonly code: 'identity_merge_own_proposal'; readonly mergeId: string }
  | {
      readonly code: 'identity_merge_decided';
      readonly mergeId: string;
      readonly status: string;
      readonly decidedBy: string;
    }
  | { readonly code: 'identity_merge_not_approved'; readonly mergeId: string; readonly status: string }
  | {
      readonly code: 'identity_merge_records_conflict';
      readonly mergeId?: string;
      readonly survivingPersonId: string;
      readonly retiredPersonId: string;
      readonly retired: readonly MergeHolding[];
      readonly surviving: readonly MergeHolding[];
    };
