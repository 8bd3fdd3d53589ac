import type {
  GrievanceFailure,
  GrievanceNoteKind,
  GrievanceStep,
  GrievanceStepRefused,
} from '../../bono/index.ts';
import type { Catalogue } from '../catalogue.ts';

/**
 * Grievances' failures in English (statuses: ../status/bono-grievances.ts). The detail is the
 * sentence the CLI prints; `person_not_found` and `round_not_approved` are worded in ./bono.ts,
 * which owns those codes.
 */

type Here = Exclude<GrievanceFailure, { code: 'person_not_found' | 'round_not_approved' }>;

const STEP: Record<GrievanceStep, string> = {
  review: 'go into review',
  link: 'be linked to a person',
  decide: 'be decided',
  resolve: 'be resolved',
  supplementary_round: 'get a supplementary round',
};

const NOTE: Record<GrievanceNoteKind, string> = {
  note: 'the note',
  decision_reason: 'the reason for the decision',
  resolution: 'how the grievance was resolved',
  citizen_message: 'the message for the citizen',
};

function stepRefused(f: GrievanceStepRefused): string {
  const hint =
    f.grievanceStatus === 'open'
      ? ' Start the review first.'
      : f.grievanceStatus === 'in_review'
        ? ' It is already being reviewed.'
        : '';
  return `Grievance ${f.reference} is ${f.grievanceStatus}; it cannot ${STEP[f.step]} (only when ${f.allowed.join(' or ')}).${hint}`;
}

export const BONO_GRIEVANCES_EN: Catalogue<Here> = {
  grievance_not_found: {
    title: 'There is no such grievance.',
    detail: (f) => `There is no grievance ${f.grievanceId}.`,
  },
  grievance_already_decided: { title: 'This grievance was already decided.', detail: stepRefused },
  grievance_not_in_review: {
    title: 'This grievance is not under review yet: start the review first.',
    detail: stepRefused,
  },
  grievance_in_review: { title: 'This grievance is already under review.', detail: stepRefused },
  note_required: {
    title: 'Write the reason: it is kept with the grievance.',
    detail: (f) => `Write ${NOTE[f.note]}: it is kept with the grievance.`,
  },
  note_too_long: {
    title: 'The note is too long.',
    detail: (f) => `A note has at most ${f.maxLength} characters.`,
  },
  grievance_kind_invalid: {
    title: 'There is no such kind of grievance.',
    detail: (f) => `A grievance is one of ${f.kinds.join(', ')}; got "${f.kind}".`,
  },
  grievance_channel_invalid: { title: 'A grievance is filed by a citizen or by an officer for them.' },
  person_invalid: {
    title: 'The identity card or the date of birth is not valid.',
    detail: (f) =>
      f.field === 'identity_card'
        ? `The identity card is not valid: ${f.reason}.`
        : `The date of birth must be a real date YYYY-MM-DD between ${f.earliest} and ${f.latest}.`,
  },
  description_required: { title: 'Describe the problem: what happened, and what you expected.' },
  description_too_long: {
    title: 'The description is too long.',
    detail: (f) => `The description has ${f.length} characters; at most ${f.maxLength} are kept.`,
  },
  contact_too_long: {
    title: 'The contact is too long.',
    detail: (f) => `The contact has ${f.length} characters; at most ${f.maxLength}.`,
  },
  status_invalid: {
    title: 'There is no such grievance status.',
    detail: (f) => `A grievance status is one of ${f.statuses.join(', ')}.`,
  },
  limit_invalid: {
    title: 'The page size is not valid.',
    detail: (f) => `A page holds 1 to ${f.maxLimit} grievances.`,
  },
  offset_invalid: { title: 'The offset is a whole number from 0.' },
  person_not_candidate: {
    title: 'That person does not carry the grievance’s CI number.',
    detail: (f) =>
      `Person ${f.personId} has CI ${f.personCiNumber}, but the grievance is about CI ${f.grievanceCiNumber}.`,
  },
  person_not_linked: {
    title:
      'The grievance is not linked to a registry person: link it to one of the candidates, or reject it if the person is not in the registry.',
    detail: (f) =>
      `Grievance ${f.reference} matches no registry person: link it to the person it is about first (the candidates share CI ${f.ciNumber}), or reject it if the person is not in the registry.`,
  },
  decision_invalid: { title: 'A decision is approve or reject.' },
  correction_field_unknown: {
    title: 'Those values cannot be corrected.',
    detail: (f) => `Cannot correct ${f.fields.join(', ')}; correctable: ${f.correctable.join(', ')}.`,
  },
  correction_on_reject: {
    title: 'A rejected grievance corrects nothing: approve it to correct data.',
    detail: () => 'A rejected grievance corrects nothing; approve it to correct data.',
  },
  correction_not_allowed: {
    title: 'A paid-but-not-received claim corrects no registry data.',
    detail: () =>
      'A paid-but-not-received claim corrects no registry data; file a wrong_data grievance for that.',
  },
  correction_invalid: {
    title: 'The correction is refused.',
    detail: (f) =>
      'field' in f
        ? `${f.field} must be text${f.field === 'dateOfBirth' ? ' (YYYY-MM-DD)' : ''}.`
        : `The correction is refused: ${f.reason}.`,
  },
  correction_changes_nothing: { title: 'The correction gives the values the registry already holds.' },
  correction_key_taken: {
    title:
      'Another person already has that CI with that date of birth: the civil registry must reconcile both records first.',
    detail: (f) =>
      `Another person (${f.otherPersonId}) already has CI ${f.ciNumber}${f.complemento ? `-${f.complemento}` : ''} born ${f.dateOfBirth}; the two records must be reconciled by the civil registry first.`,
  },
  round_not_applicable: {
    title: 'This grievance does not lead to a supplementary round.',
    detail: (f) =>
      `Grievance ${f.reference} does not lead to a supplementary round (it is a ${f.kind} claim${f.personLinked ? '' : ' with no registry person'}).`,
  },
  round_exists: {
    title: 'This grievance already has a supplementary round.',
    detail: (f) =>
      `Grievance ${f.reference} already has supplementary round ${f.roundId} (${f.roundStatus}).`,
  },
  round_rejected: {
    title: 'The supplementary round was rejected.',
    detail: (f) =>
      `Supplementary round ${f.roundId} was rejected; create it again (retrySupplementaryRound) before resolving.`,
  },
};
