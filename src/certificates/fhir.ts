import type { Actor } from '../audit/index.ts';
import type { Database } from '../db/database.ts';
import { findPersonById } from '../registry/index.ts';
import { fail, ok, type Result } from '../shared/failure.ts';
import type { PersonRef, VaccinationFailure } from '../vaccination/index.ts';
import type { CardData } from './card-data.ts';
import { vaccinationCard } from './card-service.ts';
import type { CertificatesFailure } from './certificates.failures.ts';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import { DCC_PRODUCTS, TARGET_DISEASE_COVID19 } from './dcc-payload.ts';
import { type CertifiedDose, certifiedDoses } from './issue.ts';

/**
 * A person's vaccinations as an HL7 FHIR R4 document Bundle mapped to WHO's DDCC:VS core data set
 * (Digital Documentation of COVID-19 Certificates: Vaccination Status, WHO 2021, and its FHIR
 * implementation guide): a Composition (the DDCC document: LOINC 82593-5, its HC ID — the UVCI —
 * its issuer and validity), the Patient (name, date of birth, sex, CI), the issuing Organization,
 * and one Immunization per dose (vaccine, brand, manufacturer / marketing-authorisation holder,
 * lot, date, dose number and series, country, administering centre, disease targeted). Every
 * DDCC:VS mandatory element is there; the codes are the DCC value sets' (the same as the QR's).
 */

const DDCC = 'http://worldhealthorganization.github.io/ddcc';
/** UNCONFIRMED: no published FHIR naming system for the Bolivian CI (SEGIP) was found; ayni's own URI. */
export const CI_SYSTEM = 'urn:ayni:bo:segip:ci';
const SNOMED = 'http://snomed.info/sct';
const ATC = 'http://www.whocc.no/atc';
const DCC_VALUE_SETS = 'https://ec.europa.eu/health/documents/community-register/html/';
const DCC_ORGANISATIONS = 'https://spor.ema.europa.eu/v1/organisations';

type Json = Record<string, unknown>;

/** What the Bundle is made from: the card's data (person, doses, certificate) and the doses' codes. */
export interface DdccInput {
  card: CardData;
  sex: 'F' | 'M';
  doses: readonly Pick<CertifiedDose, 'product' | 'doseNumber' | 'seriesDoses' | 'givenOn'>[];
}

/**
 * The FHIR R4 document Bundle of a person's vaccinations, DDCC:VS.
 *
 * @example ddccBundle({ card, sex: 'F', doses }).entry[0].resource.resourceType // 'Composition'
 */
export function ddccBundle(input: DdccInput): Json & { entry: { fullUrl: string; resource: Json }[] } {
  const { card } = input;
  const id = card.uvci
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-32)
    .toLowerCase();
  const patientUrl = `urn:uuid:${uuidOf(`${id}-patient`)}`;
  const issuerUrl = `urn:uuid:${uuidOf(`${id}-issuer`)}`;
  const issued = card.issuedAt.toISOString();
  const patient: Json = {
    resourceType: 'Patient',
    identifier: [
      {
        type: { text: 'Cédula de identidad' },
        system: CI_SYSTEM,
        value: card.complemento === '' ? card.ciNumber : `${card.ciNumber}-${card.complemento}`,
      },
    ],
    name: [
      {
        family: card.surnames,
        given: card.givenNames.split(/\s+/).filter((g) => g !== ''),
        text: `${card.givenNames} ${card.surnames}`,
      },
    ],
    gender: input.sex === 'F' ? 'female' : 'male',
    birthDate: card.dateOfBirth,
  };
  const issuer: Json = {
    resourceType: 'Organization',
    name: CERTIFICATE_PARAMETERS.issuerName,
    address: [{ country: CERTIFICATE_PARAMETERS.issuerCountry }],
  };
  const immunizations = input.doses.map((dose, i) => {
    const shown = card.doses[i];
    const codes = DCC_PRODUCTS[dose.product];
    if (codes === undefined || shown === undefined)
      throw new Error(`no DCC codes for product ${dose.product}`);
    const resource: Json = {
      resourceType: 'Immunization',
      extension: [
        {
          url: `${DDCC}/StructureDefinition/DDCCVaccineBrand`,
          valueCoding: { system: DCC_VALUE_SETS, code: codes.mp, display: shown.productName },
        },
        {
          url: `${DDCC}/StructureDefinition/DDCCVaccineMarketAuthorization`,
          valueCoding: { system: DCC_ORGANISATIONS, code: codes.ma },
        },
        {
          url: `${DDCC}/StructureDefinition/DDCCCountryOfVaccination`,
          valueCode: CERTIFICATE_PARAMETERS.issuerCountry,
        },
      ],
      status: 'completed',
      vaccineCode: {
        coding: [
          codes.vp === 'J07BX03'
            ? { system: ATC, code: codes.vp, display: 'covid-19 vaccines' }
            : { system: SNOMED, code: codes.vp, display: 'SARS-CoV-2 mRNA vaccine' },
        ],
      },
      patient: { reference: patientUrl },
      occurrenceDateTime: dose.givenOn,
      recorded: dose.givenOn,
      location: { display: shown.siteName ?? CERTIFICATE_PARAMETERS.issuerName },
      manufacturer: { identifier: { system: DCC_ORGANISATIONS, value: codes.ma } },
      lotNumber: shown.lotNumber,
      performer: [{ actor: { reference: issuerUrl } }],
      protocolApplied: [
        {
          authority: { reference: issuerUrl },
          targetDisease: [
            { coding: [{ system: SNOMED, code: TARGET_DISEASE_COVID19, display: 'COVID-19' }] },
          ],
          doseNumberPositiveInt: dose.doseNumber,
          seriesDosesPositiveInt: dose.seriesDoses,
        },
      ],
    };
    return { fullUrl: `urn:uuid:${uuidOf(`${id}-dose-${dose.doseNumber}`)}`, resource };
  });
  const composition: Json = {
    resourceType: 'Composition',
    identifier: { system: 'urn:ietf:rfc:3986', value: card.uvci },
    status: 'final',
    type: {
      coding: [{ system: 'http://loinc.org', code: '82593-5', display: 'Immunization summary report' }],
    },
    category: [
      { coding: [{ system: `${DDCC}/CodeSystem/DDCC-Composition-Category-CodeSystem`, code: 'ddcc-vs' }] },
    ],
    subject: { reference: patientUrl },
    date: issued,
    author: [{ reference: issuerUrl }],
    title: 'International Certificate of Vaccination or Prophylaxis',
    event: [{ period: { start: issued, end: card.expiresAt.toISOString() } }],
    section: [
      {
        code: {
          coding: [
            { system: 'http://loinc.org', code: '11369-6', display: 'History of Immunization Narrative' },
          ],
        },
        entry: immunizations.map((e) => ({ reference: e.fullUrl })),
      },
    ],
  };
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: card.uvci },
    type: 'document',
    timestamp: issued,
    entry: [
      { fullUrl: `urn:uuid:${uuidOf(`${id}-composition`)}`, resource: composition },
      { fullUrl: patientUrl, resource: patient },
      { fullUrl: issuerUrl, resource: issuer },
      ...immunizations,
    ],
  };
}

/** A UUID-shaped name derived from a text (stable: the same certificate exports the same ids). */
function uuidOf(text: string): string {
  let h = 0x811c9dc5;
  const out: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out.push(h.toString(16).padStart(8, '0'));
  }
  const hex = out.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A person's DDCC:VS Bundle from the nominal registry (the certificate issued first if it was not,
 * as for the card).
 *
 * @example const r = await ddccExport(db, { person: key, folder, at, actor })
 */
export async function ddccExport(
  db: Database,
  input: { person: PersonRef; folder: string; at: Date; actor: Actor },
): Promise<Result<Json, CertificatesFailure | VaccinationFailure>> {
  const card = await vaccinationCard(db, input);
  if (!card.ok) return card;
  const doses = await certifiedDoses(db, input.person);
  if (!doses.ok) return doses;
  const personId = doses.value[0]?.personId;
  const person = personId === undefined ? null : await findPersonById(db, personId);
  if (person === null) return fail({ code: 'person_not_found' });
  return ok(ddccBundle({ card: card.value.card, sex: person.sex, doses: doses.value }));
}

/**
 * FHIR R4's required bindings on what the Bundle uses, which the R4 JSON schema leaves as free
 * codes: Bundle.type, Composition.status, Patient.gender, Immunization.status (the value sets of
 * the R4 specification). The schema checks the shape, this the codes.
 */
const REQUIRED_BINDINGS: Record<string, Record<string, readonly string[]>> = {
  Bundle: {
    type: [
      'document',
      'message',
      'transaction',
      'transaction-response',
      'batch',
      'batch-response',
      'history',
      'searchset',
      'collection',
    ],
  },
  Composition: { status: ['preliminary', 'final', 'amended', 'entered-in-error'] },
  Patient: { gender: ['male', 'female', 'other', 'unknown'] },
  Immunization: { status: ['completed', 'entered-in-error', 'not-done'] },
  Organization: {},
};

/**
 * The required-binding problems of a Bundle and its resources (empty when there is none).
 *
 * @example requiredBindingProblems({ resourceType: 'Immunization', status: 'done' }) // ['Immunization.status: done']
 */
export function requiredBindingProblems(resource: Json): string[] {
  const type = String(resource['resourceType']);
  const bindings = REQUIRED_BINDINGS[type];
  if (bindings === undefined) return [`${type}: not a resource ayni exports`];
  const problems: string[] = [];
  for (const [field, allowed] of Object.entries(bindings)) {
    const value = resource[field];
    if (value !== undefined && !allowed.includes(String(value)))
      problems.push(`${type}.${field}: ${String(value)}`);
  }
  const entries = (resource['entry'] as { resource: Json }[] | undefined) ?? [];
  for (const e of entries) problems.push(...requiredBindingProblems(e.resource));
  return problems;
}
