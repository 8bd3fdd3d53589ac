import type { CasesFailure } from '../../cases/index.ts';
import type { Catalogue } from '../catalogue.ts';

const PROBLEM = {
  missing: 'is missing',
  format: 'is not in the expected format',
  range: 'is out of range',
  conflict: 'does not agree with the rest of the data',
} as const;

const ROLE: Record<string, string> = {
  investigator: 'investigator',
  analyst: 'analyst',
  prosecutor_liaison: 'prosecutor liaison',
  victims_representative: 'victims’ representative',
};

const NEEDS: Record<string, string> = {
  manage_team: 'manage the team',
  record_evidence: 'record evidence, persons and testimony',
  record_analysis: 'record events and analysis',
  see_protected: 'see protected identities',
};

/** English words for the case files' failures. */
export const CASES_EN: Catalogue<CasesFailure> = {
  case_input_invalid: {
    title: 'A field is not valid.',
    detail: (f) => `A field is not valid: ${f.field} ${PROBLEM[f.problem]}.`,
  },
  case_not_found: {
    title: 'No investigation with that code.',
    detail: (f) => `There is no investigation ${f.investigation} whose team you are on.`,
  },
  case_exists: {
    title: 'The investigation exists already.',
    detail: (f) => `There is an investigation with the code ${f.investigation} already.`,
  },
  case_role_refused: {
    title: 'Your role on the team does not allow this.',
    detail: (f) =>
      `As ${ROLE[f.teamRole] ?? f.teamRole} on this investigation you may not ${NEEDS[f.needs] ?? f.needs}.`,
  },
  case_entity_not_found: {
    title: 'Not found in the investigation.',
    detail: (f) => `No ${f.entity} ${f.id} in this investigation.`,
  },
  case_person_not_in_registry: {
    title: 'The person is not in the registry.',
    detail: (f) => `Nobody in the registry has CI ${f.ciNumber} with that complemento and date of birth.`,
  },
  evidence_blob_missing: {
    title: 'The evidence file is missing.',
    detail: (f) => `The evidence store does not hold the file ${f.sha256}.`,
  },
  custody_chain_broken: {
    title: 'The chain of custody does not verify.',
    detail: (f) => `The chain of custody of item ${f.itemId} breaks at entry ${f.seq}: ${f.description}`,
  },
};
