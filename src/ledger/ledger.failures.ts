import type { AccountRefusal } from './ledger.types.ts';

/**
 * The ledger's expected failures, as values (docs/adr/0009-one-failure-model.md); their words are in
 * src/messages ({status,es,en}/ledger.ts). A transfer's own refusals are its result codes
 * (`CreateTransferResult`), answered per transfer in a batch; this union is what a caller meets as
 * a whole.
 *
 * @example const failure: LedgerFailure = { code: 'ledger_account_refused', accountCode: 'bono:paid:BUNIBOLX', result: 'exists_with_different_fields' };
 */
export type LedgerFailure =
  /**
   * An account set-up code needs (`ensureAccounts`) could not be opened: `result` is why — it exists
   * with other fields, or the ledger refuses its definition. A configuration mistake.
   */
  | {
      readonly code: 'ledger_account_refused';
      readonly accountCode: string;
      readonly result: 'exists_with_different_fields' | AccountRefusal;
    }
  /**
   * The ledger's check (`ayni ledger verify`, ./ledger.checkpoint.ts) found problems: how many,
   * the first one's sort, and the mode it ran in. No checkpoint was written.
   */
  | {
      readonly code: 'ledger_verification_failed';
      readonly mode: 'full' | 'incremental';
      readonly problems: number;
      readonly first: string;
    };
