import type { ImportHeaderMismatch, MergeHolding, RegistryFailure } from '../../registry/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** The registry's import failures in English (statuses: ../status/registry.ts). */

/** What is wrong with the header, in short: what is missing, unexpected, out of order. */
function headerProblem(f: ImportHeaderMismatch): string {
  const problems = [
    f.missing.length ? `missing: ${f.missing.join(', ')}` : '',
    f.unexpectedCount ? `${f.unexpectedCount} unexpected` : '',
    f.wrongOrder ? 'columns are in the wrong order' : '',
    !f.missing.length && !f.unexpectedCount && !f.wrongOrder
      ? `${f.foundCount} columns, expected ${f.expected.length}`
      : '',
  ];
  return problems.filter(Boolean).join('; ');
}

export const REGISTRY_EN: Catalogue<RegistryFailure> = {
  file_not_found: {
    title: 'File not found.',
    detail: (f) => `File not found: ${f.filePath}. Check the path.`,
  },
  file_utf16: {
    title: 'The file is UTF-16.',
    detail: (f) =>
      `${f.fileName} is UTF-16. Save it as UTF-8 (in a spreadsheet: "CSV UTF-8") and import it again.`,
  },
  import_empty_file: {
    title: 'The file is empty.',
    detail: (f) => `${f.fileName} is empty: it has no header line.`,
  },
  import_header_mismatch: {
    title: 'The header does not match the kind of file.',
    detail: (f) => {
      const more = f.foundCount > f.found.length ? ` and ${f.foundCount - f.found.length} more` : '';
      const names = `${f.foundCount} ${f.foundCount === 1 ? 'name' : 'names'}`;
      return `${f.fileName}: header does not match a ${f.kind} file (${headerProblem(f)}). Its first line has ${names}: ${f.found.map((n) => `"${n}"`).join(', ')}${more}. Expected: ${f.expected.join(',')}`;
    },
  },
  unknown_source_list: {
    title: 'There is no such source list.',
    detail: (f) => `Unknown source list "${f.listName}". Lists: ${f.lists.join(', ')}.`,
  },
  imports_busy: {
    title: 'Imports are already running.',
    detail: (f) =>
      f.running === undefined
        ? 'An import is already running.'
        : `${f.running} imports are already running. Wait for one to finish.`,
  },
  identity_review_not_found: {
    title: 'There is no such row in the review queue.',
    detail: (f) => `There is no row ${f.reviewId} in the identity review queue.`,
  },
  identity_review_decided: {
    title: 'That row has already been decided.',
    detail: (f) =>
      f.status === 'unsure'
        ? `While you were deciding, ${f.decidedBy} marked row ${f.reviewId} "not sure". Open it again to see where it stands.`
        : `Row ${f.reviewId} was already ${f.status} by ${f.decidedBy}. A row is decided once. Your decision was not recorded.`,
  },
  identity_review_escalated_by_you: {
    title: 'Another officer must decide this row.',
    detail: (f) => `You marked row ${f.reviewId} "not sure": a more senior officer decides it.`,
  },
  identity_review_person_required: {
    title: 'The person is missing.',
    detail: (f) =>
      `To accept row ${f.reviewId}, name which of its candidates is the person: ${f.candidates.join(', ')}.`,
  },
  identity_review_not_candidate: {
    title: 'That person is not a candidate of the row.',
    detail: (f) =>
      `Person ${f.personId} is not a candidate of row ${f.reviewId}. Candidates: ${f.candidates.join(', ')}.`,
  },
  identity_review_already_member: {
    title: 'The person is already on the list.',
    detail: (f) =>
      `Person ${f.personId} is already on that snapshot of the list "${f.list}" (line ${f.memberLine}): one person is one member of a list. Reject row ${f.reviewId} or choose another candidate.`,
  },
  identity_review_reason_required: {
    title: 'The reason is missing.',
    detail: (f) => `To reject row ${f.reviewId}, write the reason.`,
  },
  identity_merge_not_found: {
    title: 'There is no such merge.',
    detail: (f) => `There is no merge ${f.mergeId}.`,
  },
  identity_merge_person_not_found: {
    title: 'There is no such person.',
    detail: (f) => `There is no person ${f.personId} in the registry.`,
  },
  identity_merge_same_person: {
    title: 'A person cannot be merged with themselves.',
    detail: (f) => `Both ids name person ${f.personId}. Name two different persons.`,
  },
  identity_merge_person_retired: {
    title: 'That person was already merged.',
    detail: (f) =>
      `Person ${f.personId} was merged into person ${f.survivingPersonId}. Propose the merge with person ${f.survivingPersonId}, or undo the earlier merge first.`,
  },
  identity_merge_retired_is_survivor: {
    title: 'That person keeps other merged records.',
    detail: (f) =>
      `Other persons were merged into person ${f.personId}, so it cannot be the one retired. Keep person ${f.personId} and retire the other.`,
  },
  identity_merge_pending: {
    title: 'These two persons already have a merge.',
    detail: (f) =>
      f.status === 'approved'
        ? `Merge ${f.mergeId} already joined these two persons.`
        : `Merge ${f.mergeId} of these two persons is waiting for a second officer's approval.`,
  },
  identity_merge_reason_required: {
    title: 'The reason is missing.',
    detail: () => 'Write why: it is kept in the audit trail.',
  },
  identity_merge_own_proposal: {
    title: 'Another officer must decide.',
    detail: (f) =>
      `You proposed merge ${f.mergeId}: a second officer approves, rejects or undoes it (maker-checker).`,
  },
  identity_merge_decided: {
    title: 'That merge has already been decided.',
    detail: (f) =>
      `Merge ${f.mergeId} is already ${MERGE_STATUS_EN[f.status] ?? f.status} (by ${f.decidedBy}). A merge is decided once; your decision was not recorded.`,
  },
  identity_merge_not_approved: {
    title: 'Only a merge in force can be undone.',
    detail: (f) =>
      `Merge ${f.mergeId} is ${MERGE_STATUS_EN[f.status] ?? f.status}: there is nothing to undo.`,
  },
  identity_merge_records_conflict: {
    title: 'The person to retire holds records of another programme.',
    detail: (f) => {
      const held = f.retired.map((h) => `${HOLDING_EN[h.kind]} (${h.reference})`).join('; ');
      const bothPaid =
        f.retired.some((h) => h.kind === 'bono_payment') &&
        f.surviving.some((h) => h.kind === 'bono_payment');
      return bothPaid
        ? `Both persons were paid the bono (person ${f.retiredPersonId}: ${held}). Merging would hide a double payment: file the recovery of one payment as a grievance first; the merge was refused.`
        : `Person ${f.retiredPersonId} holds ${held}. Those records stay under their id, so the merge was refused: propose it the other way round (keep person ${f.retiredPersonId})${f.surviving.length > 0 ? ', once the records of both are settled' : ''}.`;
    },
  },
};

/** A merge's status in words. */
const MERGE_STATUS_EN: Record<string, string> = {
  proposed: 'proposed',
  approved: 'approved',
  rejected: 'rejected',
  unmerged: 'undone',
};

/** What another programme keeps under a person's id, in words. */
const HOLDING_EN: Record<MergeHolding['kind'], string> = {
  bono_payment: 'a bono payment',
  bono_entitlement: 'a bono entitlement still to collect',
  vaccination_dose: 'a vaccination dose',
};
