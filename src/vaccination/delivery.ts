import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { transactionWithRetry } from '../ledger/index.ts';
import { isoDate } from '../parameters/index.ts';
import { addDays, type IsoDate, startOfBolivianDay } from '../shared/dates.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { type DeliveryRow, insertDelivery, listDeliveryRows, selectDelivery } from './delivery.repository.ts';
import { registerLot } from './lot.ts';
import { listProducts } from './product.repository.ts';
import { lotPresentation } from './stock.parameters.ts';
import { ensureStockLocations } from './stock-accounts.ts';
import { movementTransferId, moveStock } from './stock-movement.ts';
import type { VaccinationFailure } from './vaccination.failures.ts';
import { NATIONAL_WAREHOUSE, PRODUCT_CODES } from './vaccination.types.ts';

/**
 * Deliveries: doses received into the national warehouse, each a `vaccination_delivery` row (what,
 * from whom, the source of the fact) and a receipt on the DOSE ledger, in one transaction. The
 * 2021 deliveries are dated data in deliveries/2021.yaml, loaded with
 * `ayni vaccination receive --deliveries`; loading them again moves nothing twice.
 */

/** A delivery to record. */
export interface DeliveryInput {
  /** Stable and chosen by the caller: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`. */
  id: string;
  receivedOn: IsoDate;
  lotId: bigint;
  doses: bigint;
  supplier: string;
  reference?: string;
  note?: string;
}

/** A delivery as recorded, and whether this call recorded it. */
export interface Delivery extends DeliveryRow {
  created: boolean;
}

const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Noon in La Paz on the day received: the instant a dated delivery is booked at. */
const noonOf = (day: IsoDate) => new Date(startOfBolivianDay(day).getTime() + 12 * 3_600_000);

/**
 * Records a delivery into the national warehouse, audited, or finds it recorded (same id and
 * fields: nothing moves again; other fields: `delivery_conflict`).
 *
 * @example
 *   await receiveDelivery(db, { id: '2021-07-11-janssen-covax', receivedOn: '2021-07-11', lotId,
 *     doses: 1_008_000n, supplier: 'United States (donation via COVAX)' }, 'account:ana', now)
 */
export async function receiveDelivery(
  db: Database,
  input: DeliveryInput,
  actor: Actor,
  at: Date,
): Promise<Result<Delivery, VaccinationFailure>> {
  if (!DELIVERY_ID.test(input.id))
    return fail({ code: 'vaccination_input_invalid', field: 'id', problem: 'format' });
  if (input.doses <= 0n) return fail({ code: 'vaccination_input_invalid', field: 'doses', problem: 'range' });
  const supplier = input.supplier.trim();
  if (supplier === '' || supplier.length > 200)
    return fail({
      code: 'vaccination_input_invalid',
      field: 'supplier',
      problem: supplier === '' ? 'missing' : 'format',
    });
  const movementId = `receipt:${input.id}`;
  const row: DeliveryRow = {
    id: input.id,
    receivedOn: input.receivedOn,
    lotId: input.lotId,
    doses: input.doses,
    supplier,
    reference: input.reference ?? null,
    note: input.note ?? null,
    transferId: movementTransferId(movementId),
  };
  const same = (e: DeliveryRow) =>
    e.receivedOn === row.receivedOn &&
    e.lotId === row.lotId &&
    e.doses === row.doses &&
    e.supplier === row.supplier;
  return transactionWithRetry(db, async (tx): Promise<Result<Delivery, VaccinationFailure>> => {
    const existing = await selectDelivery(tx, input.id);
    if (existing)
      return same(existing)
        ? ok({ ...existing, created: false })
        : fail({ code: 'delivery_conflict', deliveryId: input.id });
    await ensureStockLocations(tx, at);
    const moved = await moveStock(tx, {
      id: movementId,
      kind: 'receipt',
      lotId: input.lotId,
      doses: input.doses,
      to: NATIONAL_WAREHOUSE,
      on: input.receivedOn,
      occurredAt: noonOf(input.receivedOn),
    });
    if (!moved.ok) return moved;
    if (!(await insertDelivery(tx, row, actor, at))) {
      // A concurrent call recorded it first (its transfer is the one `moveStock` found).
      const first = await selectDelivery(tx, input.id);
      return first && same(first)
        ? ok({ ...first, created: false })
        : fail({ code: 'delivery_conflict', deliveryId: input.id });
    }
    await appendAudit(tx, {
      at,
      actor,
      action: 'vaccination_delivery.received',
      entityType: 'vaccination_delivery',
      entityId: input.id,
      after: row,
    });
    return ok({ ...row, created: true });
  });
}

/** Deliveries received in a period, by date. @example await listDeliveries(db, { from: '2021-01-01' }) */
export async function listDeliveries(
  db: Database,
  options: { from?: IsoDate; to?: IsoDate } = {},
): Promise<DeliveryRow[]> {
  return listDeliveryRows(db, options);
}

// --- the dated file -------------------------------------------------------------------------------

const Reference = z.strictObject({ instrument: z.string().min(1), url: z.string().url().optional() });

const DeliveryFile = z.strictObject({
  deliveries: z
    .array(
      z.strictObject({
        id: z.string().regex(DELIVERY_ID),
        received_on: isoDate,
        product: z.enum(PRODUCT_CODES),
        doses: z.number().int().positive(),
        supplier: z.string().min(1).max(200),
        estimate: z.boolean().optional(),
        lot: z
          .strictObject({
            number: z.string().min(1),
            manufacturer: z.string().min(1).optional(),
            expires_on: isoDate,
            doses_per_vial: z.number().int().min(1).max(50),
          })
          .optional(),
        reference: z.union([Reference, z.array(Reference).min(1)]),
        note: z.string().min(1).optional(),
      }),
    )
    .min(1)
    .refine((ds) => new Set(ds.map((d) => d.id)).size === ds.length, 'a delivery id is listed twice'),
});

/** One delivery of the dated file, with its lot. */
export interface DatedDelivery {
  id: string;
  receivedOn: IsoDate;
  product: (typeof PRODUCT_CODES)[number];
  doses: bigint;
  supplier: string;
  /** Spread by ayni from a total without dates (see the file's header). */
  estimate: boolean;
  lot: { number: string; manufacturer: string | null; expiresOn: IsoDate; dosesPerVial: number };
  /** The sources, one per line: `instrument <url>`. */
  reference: string;
  note: string | null;
}

/** The 2021 deliveries that ship with ayni. */
export const DELIVERIES_2021 = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'deliveries',
  '2021.yaml',
);

/**
 * Reads a deliveries file. A file that does not parse is a defect of the file (the shipped one is
 * read by its test), so it throws with the reason.
 *
 * @example (await readDeliveries(DELIVERIES_2021)).length
 */
export async function readDeliveries(file: string): Promise<DatedDelivery[]> {
  const parsed = DeliveryFile.safeParse(parse(await readFile(file, 'utf8'), { merge: true }));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data.deliveries.map((d) => {
    const presentation = lotPresentation(d.product, d.received_on);
    const references = Array.isArray(d.reference) ? d.reference : [d.reference];
    return {
      id: d.id,
      receivedOn: d.received_on,
      product: d.product,
      doses: BigInt(d.doses),
      supplier: d.supplier,
      estimate: d.estimate ?? false,
      lot: d.lot
        ? {
            number: d.lot.number,
            manufacturer: d.lot.manufacturer ?? null,
            expiresOn: d.lot.expires_on,
            dosesPerVial: d.lot.doses_per_vial,
          }
        : {
            number: `ND-${d.id}`,
            manufacturer: null,
            expiresOn: addDays(d.received_on, presentation.shelfLifeDays),
            dosesPerVial: presentation.dosesPerVial,
          },
      reference: references.map((r) => (r.url ? `${r.instrument} <${r.url}>` : r.instrument)).join('\n'),
      note: d.note ?? null,
    };
  });
}

/** What loading a deliveries file did. */
export interface DeliveriesLoaded {
  /** Deliveries recorded now. */
  received: number;
  /** Deliveries found recorded before (nothing moved again). */
  alreadyReceived: number;
  /** Estimated deliveries left out (`sourcedOnly`). */
  skipped: number;
  /** Doses recorded now. */
  doses: bigint;
}

/**
 * Registers the lot of a dated delivery (idempotent: the same lot again is found), with the
 * manufacturer of its product when the file names none.
 *
 * @example await registerDeliveryLot(db, delivery, new Map([['sinopharm', 'Sinopharm']]), 'account:ana', now)
 */
export async function registerDeliveryLot(
  db: Database,
  d: DatedDelivery,
  manufacturers: ReadonlyMap<string, string>,
  actor: Actor,
  at: Date,
): ReturnType<typeof registerLot> {
  return registerLot(
    db,
    {
      product: d.product,
      manufacturer: d.lot.manufacturer ?? manufacturers.get(d.product)!,
      lotNumber: d.lot.number,
      expiresOn: d.lot.expiresOn,
      dosesPerVial: d.lot.dosesPerVial,
      ...(d.lot.manufacturer === null
        ? { note: 'Lot record not published: presentation and expiry assumed (UNCONFIRMED).' }
        : {}),
    },
    actor,
    at,
  );
}

/**
 * Loads dated deliveries (by default the 2021 file): registers each lot, then receives each
 * delivery into the national warehouse. Idempotent: a second load records nothing.
 *
 * @example await loadDeliveries(db, { actor: 'account:ana', at: now }) // { received: 23, alreadyReceived: 0, skipped: 0, doses: … }
 */
export async function loadDeliveries(
  db: Database,
  options: { file?: string; sourcedOnly?: boolean; actor: Actor; at: Date },
): Promise<Result<DeliveriesLoaded, VaccinationFailure>> {
  const deliveries = await readDeliveries(options.file ?? DELIVERIES_2021);
  const manufacturers = new Map((await listProducts(db)).map((p) => [p.code, p.manufacturer]));
  const out: DeliveriesLoaded = { received: 0, alreadyReceived: 0, skipped: 0, doses: 0n };
  for (const d of deliveries) {
    if (options.sourcedOnly && d.estimate) {
      out.skipped++;
      continue;
    }
    const lot = await registerDeliveryLot(db, d, manufacturers, options.actor, options.at);
    if (!lot.ok) return lot;
    const received = await receiveDelivery(
      db,
      {
        id: d.id,
        receivedOn: d.receivedOn,
        lotId: lot.value.lot.id,
        doses: d.doses,
        supplier: d.supplier,
        reference: d.reference,
        ...(d.note === null ? {} : { note: d.note }),
      },
      options.actor,
      options.at,
    );
    if (!received.ok) return received;
    if (received.value.created) {
      out.received++;
      out.doses += d.doses;
    } else out.alreadyReceived++;
  }
  return ok(out);
}
