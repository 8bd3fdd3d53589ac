import type { ImportHeaderMismatch, RegistryFailure } from '../../registry/index.ts';
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
};
