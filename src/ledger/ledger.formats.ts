import { INT8_MAX } from './ledger.types.ts';

/**
 * The shapes of the ledger's identifiers. They are checked here, once, before anything reaches the
 * database; the table constraints only bound lengths (regular-expression CHECKs cost on every row).
 */

const TRANSFER_ID = /^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,127}$/;
const ACCOUNT_CODE = /^[a-z][a-z0-9-]*(:[A-Za-z0-9._-]+)*$/;
const TRANSFER_CODE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const LEDGER_CODE = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const LEDGER_UNIT = /^[a-z][a-z_]{0,31}$/;
// No control characters in free text that ends up in files and screens.
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/**
 * A transfer id or unique key: 1–128 characters from `A–Z a–z 0–9 : . _ - / @`, starting with a
 * letter or digit, so a deterministic business key and a UUID both fit.
 *
 * @example isTransferId('payout:2020-12-01:4521337') // true; isTransferId('') // false
 */
export function isTransferId(value: unknown): value is string {
  return typeof value === 'string' && TRANSFER_ID.test(value);
}

/** @example isAccountCode('bono:paid:BUNIBOLX') // true; isAccountCode('Bono') // false */
export function isAccountCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 128 && ACCOUNT_CODE.test(value);
}

/** @example isTransferCode('bono.payout_reversal') // true */
export function isTransferCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && TRANSFER_CODE.test(value);
}

/** @example isLedgerCode('BOB') // true; isLedgerCode('vaccine_doses') // true */
export function isLedgerCode(value: unknown): value is string {
  return typeof value === 'string' && LEDGER_CODE.test(value);
}

/** @example isLedgerUnit('centavo') // true */
export function isLedgerUnit(value: unknown): value is string {
  return typeof value === 'string' && LEDGER_UNIT.test(value);
}

/** Free text of at most `maxLength` characters without control characters. @example isPrintable('AC04', 128) // true */
export function isPrintable(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && PRINTABLE.test(value);
}

/** A `bigint` a PostgreSQL `bigint` column can hold. @example isInt8(2n ** 63n) // false */
export function isInt8(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= -INT8_MAX - 1n && value <= INT8_MAX;
}

/** A Date that holds a time. @example isValidDate(new Date('nonsense')) // false */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
