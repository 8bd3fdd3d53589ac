import type { Actor } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { findPersonById } from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import { listProducts, listSites, type PersonRef, type VaccinationFailure } from '../vaccination/index.ts';
import type { CardData } from './card-data.ts';
import type { CertificatesFailure } from './certificates.failures.ts';
import { certifiedDoses, issueCertificate } from './issue.ts';

/**
 * The card a citizen downloads: the certificate of their latest dose (issued now if it was not,
 * else the same one again) with every dose of the nominal registry, for the
 * web layer to print (src/web/certificates/card.pdf.ts): the domain gathers, the view words.
 *
 * @example const r = await vaccinationCard(db, { person: key, folder, at, actor: 'system' })
 */
export async function vaccinationCard(
  db: Database,
  input: { person: PersonRef; folder: string; at: Date; actor: Actor },
): Promise<Result<{ card: CardData; certificateId: bigint }, CertificatesFailure | VaccinationFailure>> {
  const issued = await issueCertificate(db, input);
  if (!issued.ok) return issued;
  const certificate = issued.value.certificate;
  const person = await findPersonById(db, certificate.personId);
  if (person === null) return fail({ code: 'person_not_found' });
  const doses = await certifiedDoses(db, { personId: certificate.personId });
  if (!doses.ok) return doses;
  const products = new Map((await listProducts(db)).map((p) => [p.code, p.name]));
  const sites = new Map((await listSites(db)).map((s) => [s.code, s.name]));
  const card: CardData = {
    givenNames: person.givenNames,
    surnames: [person.firstSurname, person.secondSurname].filter((s) => s !== '').join(' '),
    ciNumber: person.ciNumber,
    complemento: person.complemento,
    dateOfBirth: person.dateOfBirth,
    doses: doses.value.map((d) => ({
      doseNumber: d.doseNumber,
      productName: products.get(d.product) ?? d.product,
      lotNumber: d.lotNumber,
      givenOn: d.givenOn,
      siteName: sites.get(d.site) ?? null,
    })),
    hc1: certificate.hc1,
    uvci: certificate.uvci,
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
  };
  return ok({ card, certificateId: certificate.id });
}
