import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { type IsoDate, parseIsoDate } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { insertLot, listLotsByExpiry, selectLotByKey } from './lot.repository.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { isProductCode, type Lot, type LotInput } from './vaccination.types.ts';

/**
 * Lots: registered once by (product, manufacturer, lot number). Registering the same lot again
 * with the same fields finds it (a retry, or a second delivery of the same lot); with other fields
 * it is refused, because expiry and vial size decide how the doses may be used.
 */

const LOT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9./_-]{0,39}$/;
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/** The lot as it would be stored, or why it cannot be. */
function parseLot(input: LotInput): Result<Omit<Lot, 'id'>, VaccinationFailure> {
  const bad = (field: string, problem: 'missing' | 'format' | 'range') =>
    fail({ code: 'vaccination_input_invalid', field, problem } as const);
  if (!isProductCode(input.product)) return fail({ code: 'product_unknown', product: input.product });
  const manufacturer = input.manufacturer.trim();
  if (manufacturer === '') return bad('manufacturer', 'missing');
  if (manufacturer.length > 100 || !PRINTABLE.test(manufacturer)) return bad('manufacturer', 'format');
  if (!LOT_NUMBER.test(input.lotNumber)) return bad('lot_number', 'format');
  if (parseIsoDate(input.expiresOn) !== input.expiresOn) return bad('expires_on', 'format');
  if (!Number.isInteger(input.dosesPerVial) || input.dosesPerVial < 1 || input.dosesPerVial > 50)
    return bad('doses_per_vial', 'range');
  const note = input.note?.trim() || null;
  if (note !== null && (note.length > 500 || !PRINTABLE.test(note))) return bad('note', 'format');
  return ok({
    product: input.product,
    manufacturer,
    lotNumber: input.lotNumber,
    expiresOn: input.expiresOn,
    dosesPerVial: input.dosesPerVial,
    note,
  });
}

const sameLot = (a: Omit<Lot, 'id'>, b: Lot) =>
  a.expiresOn === b.expiresOn && a.dosesPerVial === b.dosesPerVial && a.note === b.note;

/**
 * Registers a lot, audited, or finds it registered with the same fields.
 *
 * @example
 *   const r = await registerLot(db, { product: 'sinopharm', manufacturer: 'Sinopharm', lotNumber: '202102A',
 *     expiresOn: '2023-02-23', dosesPerVial: 2 }, 'account:ana', now);
 *   if (r.ok) r.value.lot.id
 */
export async function registerLot(
  db: Database,
  input: LotInput,
  actor: Actor,
  at: Date,
): Promise<Result<{ lot: Lot; created: boolean }, VaccinationFailure>> {
  const parsed = parseLot(input);
  if (!parsed.ok) return parsed;
  const lot = parsed.value;
  return db.transaction(async (tx) => {
    const inserted = await insertLot(tx, lot, actor, at);
    if (inserted) {
      await appendAudit(tx, {
        at,
        actor,
        action: 'vaccination_lot.registered',
        entityType: 'vaccination_lot',
        entityId: inserted.id,
        after: inserted,
      });
      return ok({ lot: inserted, created: true });
    }
    const existing = await selectLotByKey(tx, lot.product, lot.manufacturer, lot.lotNumber);
    if (existing && sameLot(lot, existing)) return ok({ lot: existing, created: false });
    return fail({
      code: 'lot_conflict',
      product: lot.product,
      manufacturer: lot.manufacturer,
      lotNumber: lot.lotNumber,
      lotId: existing?.id ?? 0n,
    });
  });
}

/**
 * Lots in the order they expire, optionally of one product or expiring by a day.
 *
 * @example await listLots(db, { product: 'astrazeneca', expiringBy: '2021-09-30' })
 */
export async function listLots(
  db: Database,
  options: { product?: string; expiringBy?: IsoDate } = {},
): Promise<Result<Lot[], VaccinationFailure>> {
  if (options.product !== undefined && !isProductCode(options.product))
    return fail({ code: 'product_unknown', product: options.product });
  return ok(await listLotsByExpiry(db, options));
}
