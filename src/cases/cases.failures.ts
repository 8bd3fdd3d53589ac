/**
 * The case files' expected failures, as values (docs/adr/0009-one-failure-model.md); their HTTP
 * statuses and words are in src/messages/{status,es,en}/cases.ts. Fields are ids and codes of the
 * caller's own request: never a person's name, never a protected identity.
 *
 * An investigation the reader is not on the team of answers `case_not_found`, as one that does not
 * exist: a restricted file does not reveal that it exists.
 *
 * @example const f: CasesFailure = { code: 'case_not_found', investigation: 'GIEI-2019' };
 */
export type CasesFailure =
  | {
      readonly code: 'case_input_invalid';
      readonly field: string;
      readonly problem: 'missing' | 'format' | 'range' | 'conflict';
    }
  | { readonly code: 'case_not_found'; readonly investigation: string }
  | { readonly code: 'case_exists'; readonly investigation: string }
  /** The reader is on the team, but their team role does not allow this. */
  | { readonly code: 'case_role_refused'; readonly teamRole: string; readonly needs: string }
  | { readonly code: 'case_entity_not_found'; readonly entity: string; readonly id: string }
  /** The registry has nobody with that CI number, complemento and date of birth. */
  | { readonly code: 'case_person_not_in_registry'; readonly ciNumber: string }
  /** The evidence store does not hold the bytes an item points to. */
  | { readonly code: 'evidence_blob_missing'; readonly sha256: string }
  /** `verifyCustody` found the item's custody chain or its bytes changed; `seq` names the entry. */
  | {
      readonly code: 'custody_chain_broken';
      readonly itemId: string;
      readonly kind: string;
      readonly seq: number;
      readonly description: string;
    };
