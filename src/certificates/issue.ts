import { inflateSync } from 'node:zlib';
import { type Actor, appendAudit } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { findPersonById } from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import {
  type DoseRecord,
  dosesOf,
  listLots,
  listProducts,
  type PersonRef,
  singleDoseProducts,
  type VaccinationFailure,
} from '../vaccination/index.ts';
import { decodeBase45 } from './base45.ts';
import type { CertificatesFailure } from './certificates.failures.ts';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import { decodeCoseSign1 } from './cose.ts';
import { newUvci, vaccinationPayload } from './dcc-payload.ts';
import { dccValidator, schemaProblem } from './dcc-schema.ts';
import { encodeHc1 } from './hc1-encode.ts';
import {
  type IssuedRow,
  insertIssued,
  insertRevocations,
  lockPersonCertificates,
  markRevoked,
  selectCurrent,
  selectIssued,
  selectIssuedOfPerson,
} from './issued.repository.ts';
import { activeSigner } from './issuer-keys.ts';
import { revocationHashes } from './revocation.ts';

/**
 * Issuing a certificate from the nominal registry: the person's latest dose becomes a DCC
 * vaccination certificate (the DCC carries one vaccination, the latest; `dn/sd` say where it is in
 * the series), signed by the active signer, stored with its HC1 text and audited. Issuing again for
 * the same dose returns the same certificate (two clicks, a retry, another process: one
 * certificate, under a per-person lock). A new dose issues a new one.
 */

const DAY_MS = 86_400_000;
/** ayni's own payloads are held to the schema's formats too (dates are dates). */
const strictSchema = dccValidator(undefined, { assertFormats: true });

/** A certificate issued, and whether this call found it issued already. */
export interface Issued {
  certificate: IssuedRow;
  replayed: boolean;
}

/** The person's doses, each with its lot number and the series' length (for the card and the payload). */
export interface CertifiedDose extends DoseRecord {
  lotNumber: string;
  seriesDoses: number;
}

/**
 * The doses of a person as a certificate shows them.
 *
 * @example const r = await certifiedDoses(db, { ciNumber, complemento, dateOfBirth })
 */
export async function certifiedDoses(
  db: Database,
  person: PersonRef,
): Promise<Result<CertifiedDose[], VaccinationFailure>> {
  const doses = await dosesOf(db, person);
  if (!doses.ok) return doses;
  const lots = await listLots(db);
  const lotNumbers = new Map((lots.ok ? lots.value : []).map((l) => [l.id, l.lotNumber]));
  const products = await listProducts(db);
  return ok(
    doses.value.map((d) => {
      const single = singleDoseProducts(products, d.givenOn).includes(d.product);
      return {
        ...d,
        lotNumber: lotNumbers.get(d.lotId) ?? '',
        seriesDoses: Math.max(d.doseNumber, single ? 1 : 2),
      };
    }),
  );
}

/**
 * Issues (or returns) the certificate of a person's latest dose.
 *
 * @example const r = await issueCertificate(db, { person: key, folder, at: now, actor }); r.ok && r.value.certificate.hc1
 */
export async function issueCertificate(
  db: Database,
  input: { person: PersonRef; folder: string; at: Date; actor: Actor },
): Promise<Result<Issued, CertificatesFailure | VaccinationFailure>> {
  const doses = await certifiedDoses(db, input.person);
  if (!doses.ok) return doses;
  const latest = doses.value.at(-1);
  if (latest === undefined) return fail({ code: 'certificate_no_doses' });
  const existing = await selectCurrent(db, latest.personId, latest.doseNumber);
  if (existing !== undefined) return ok({ certificate: existing, replayed: true });
  const signer = await activeSigner(db, { folder: input.folder, at: input.at, actor: input.actor });
  if (!signer.ok) return signer;
  const person = await findPersonById(db, latest.personId);
  if (person === null) return fail({ code: 'person_not_found' });
  const hcert = vaccinationPayload({
    surnames: [person.firstSurname, person.secondSurname].filter((s) => s !== '').join(' '),
    givenNames: person.givenNames,
    dateOfBirth: person.dateOfBirth,
    product: latest.product,
    doseNumber: latest.doseNumber,
    seriesDoses: latest.seriesDoses,
    givenOn: latest.givenOn,
    uvci: newUvci(),
  });
  const problem = schemaProblem(hcert, strictSchema);
  if (problem !== undefined)
    throw new Error(`ayni made a DCC payload its schema refuses: ${JSON.stringify(problem)}`);
  const issuedAtSeconds = Math.floor(input.at.getTime() / 1000);
  const expiresAt = new Date(
    Math.min(
      input.at.getTime() + CERTIFICATE_PARAMETERS.certificateValidityDays * DAY_MS,
      signer.value.row.notAfter.getTime(),
    ),
  );
  const { hc1 } = encodeHc1(
    {
      issuer: CERTIFICATE_PARAMETERS.issuerCountry,
      issuedAtSeconds,
      expiresAtSeconds: Math.floor(expiresAt.getTime() / 1000),
      hcert,
    },
    signer.value.key,
    Buffer.from(signer.value.row.kid, 'base64'),
  );
  return db.transaction(async (tx) => {
    await lockPersonCertificates(tx, latest.personId);
    const raced = await selectCurrent(tx, latest.personId, latest.doseNumber);
    if (raced !== undefined) return ok({ certificate: raced, replayed: true });
    const certificate: Omit<IssuedRow, 'id'> = {
      personId: latest.personId,
      doseNumber: latest.doseNumber,
      uvci: (hcert.v as { ci: string }[])[0]!.ci,
      kid: signer.value.row.kid,
      hc1,
      issuedAt: new Date(issuedAtSeconds * 1000),
      expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
      revokedAt: null,
      revokedReason: null,
    };
    const id = await insertIssued(tx, { ...certificate, issuedBy: input.actor });
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: id,
      after: {
        personId: latest.personId,
        doseNumber: latest.doseNumber,
        kid: certificate.kid,
        expiresAt: certificate.expiresAt,
      },
    });
    return ok({ certificate: { ...certificate, id }, replayed: false });
  });
}

/** Why a certificate is revoked: issued in error, or for a dose entered in error. */
export type RevocationReason = 'issued_in_error' | 'dose_entered_in_error';

/**
 * Revokes a certificate: marked revoked, its three hashes on the published revocation list, audited.
 * Revoking it again changes nothing.
 *
 * @example await revokeCertificate(db, { certificateId: 12n, reason: 'issued_in_error', at, actor })
 */
export async function revokeCertificate(
  db: Database,
  input: { certificateId: bigint; reason: RevocationReason; at: Date; actor: Actor },
): Promise<Result<{ certificate: IssuedRow; replayed: boolean }, CertificatesFailure>> {
  return db.transaction(async (tx) => {
    const found = await selectIssued(tx, input.certificateId, true);
    if (found === undefined)
      return fail({ code: 'certificate_not_found', certificateId: String(input.certificateId) });
    if (found.revokedAt !== null) return ok({ certificate: found, replayed: true });
    const cose = decodeCoseSign1(coseOf(found.hc1));
    if (!cose.ok) throw new Error(`certificate ${found.id} holds an HC1 ayni cannot read`);
    const hashes = revocationHashes({
      uci: found.uvci,
      country: CERTIFICATE_PARAMETERS.issuerCountry,
      alg: cose.value.alg,
      signature: cose.value.signature,
    });
    const revokedOn = input.at.toISOString().slice(0, 10);
    await markRevoked(tx, found.id, input.at, input.reason, input.actor);
    await insertRevocations(
      tx,
      (['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const).map((type) => ({
        hash: hashes[type],
        type,
        kid: found.kid,
        revokedOn,
        expiresAt: found.expiresAt,
      })),
    );
    await appendAudit(tx, {
      at: input.at,
      actor: input.actor,
      action: 'certificate.revoked',
      entityType: 'certificate',
      entityId: found.id,
      before: { revoked: false },
      after: { revoked: true, reason: input.reason },
    });
    return ok({
      certificate: { ...found, revokedAt: input.at, revokedReason: input.reason },
      replayed: false,
    });
  });
}

/** The COSE bytes of an HC1 text ayni issued (known good). */
function coseOf(hc1: string): Uint8Array {
  const decoded = decodeBase45(hc1.slice(4));
  if (!decoded.ok) throw new Error('stored HC1 is not Base45');
  return inflateSync(decoded.bytes);
}

/** The certificates issued to a person (for the card and the API). */
export async function certificatesOf(db: Database, personId: bigint): Promise<IssuedRow[]> {
  return selectIssuedOfPerson(db, personId);
}
