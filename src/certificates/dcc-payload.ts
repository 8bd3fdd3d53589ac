import { randomBytes } from 'node:crypto';
import { CERTIFICATE_PARAMETERS } from './certificates.parameters.ts';
import type { Hcert } from './cwt.ts';

/**
 * The DCC vaccination payload from ayni's records: names transliterated as ICAO 9303 asks (the
 * `fnt`/`gnt` fields), ayni's products mapped to the EU DCC value sets (target disease, vaccine
 * type, product, manufacturer or marketing-authorisation holder) and a UVCI.
 */

/** ayni's product codes (migration 0041) in the EU DCC value sets (eHealth Network, value sets v1.0+). */
export const DCC_PRODUCTS: Record<string, { vp: string; mp: string; ma: string }> = {
  // vp: 1119349007 = SARS-CoV-2 mRNA vaccine; J07BX03 = covid-19 vaccines (ATC).
  pfizer: { vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215' },
  moderna: { vp: '1119349007', mp: 'EU/1/20/1507', ma: 'ORG-100031184' },
  astrazeneca: { vp: 'J07BX03', mp: 'EU/1/21/1529', ma: 'ORG-100001699' },
  janssen: { vp: 'J07BX03', mp: 'EU/1/20/1525', ma: 'ORG-100001417' },
  sinopharm: { vp: 'J07BX03', mp: 'BBIBP-CorV', ma: 'ORG-100020693' },
  sputnik_v_1: { vp: 'J07BX03', mp: 'Sputnik-V', ma: 'ORG-100013793' },
  sputnik_v_2: { vp: 'J07BX03', mp: 'Sputnik-V', ma: 'ORG-100013793' },
};

/** SNOMED CT 840539006: COVID-19, the target disease. */
export const TARGET_DISEASE_COVID19 = '840539006';

/**
 * A name as ICAO Doc 9303 writes it on machine-readable documents: capitals A–Z, accents removed,
 * spaces and hyphens as `<`, anything else dropped, at most 80 characters.
 *
 * @example icaoName('Peña Quispe-Mamani') // 'PENA<QUISPE<MAMANI'
 */
export function icaoName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s-]+/g, '<')
    .replace(/[^A-Z<]/g, '')
    .replace(/^<+|<+$/g, '')
    .slice(0, 80);
}

const UVCI_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The Luhn mod N check character (N = 36) of an alphanumeric string, as the UVCI guidelines
 * (eHealth Network, Annex 2) suggest for the optional checksum.
 *
 * @example luhnMod36('ABC123') // one of 0–9, A–Z
 */
export function luhnMod36(text: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    let addend = factor * UVCI_CHARS.indexOf(text[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 36) + (addend % 36);
    sum += addend;
  }
  return UVCI_CHARS[(36 - (sum % 36)) % 36]!;
}

/**
 * A new UVCI: `URN:UVCI:01:BO:` and 20 random characters, then `#` and their check character.
 * Random, not derived from the person: a UVCI seen on a card tells nothing about who holds it.
 *
 * @example newUvci() // 'URN:UVCI:01:BO:9F2C4E7A0B13D58C6E21#K'
 */
export function newUvci(): string {
  const opaque = randomBytes(10).toString('hex').toUpperCase();
  return `URN:UVCI:01:${CERTIFICATE_PARAMETERS.issuerCountry}:${opaque}#${luhnMod36(opaque)}`;
}

/** What the payload says about the person and the dose. */
export interface VaccinationFacts {
  surnames: string;
  givenNames: string;
  dateOfBirth: string;
  product: string;
  doseNumber: number;
  seriesDoses: number;
  givenOn: string;
  uvci: string;
}

/**
 * The DCC payload (schema 1.3.0) of one vaccination.
 *
 * @example vaccinationPayload({ surnames: 'Quispe Mamani', givenNames: 'Juana', … }).v[0].mp // 'EU/1/21/1529'
 */
export function vaccinationPayload(f: VaccinationFacts): Hcert {
  const product = DCC_PRODUCTS[f.product];
  if (product === undefined) throw new Error(`no DCC value set entry for product ${f.product}`);
  return {
    ver: '1.3.0',
    nam: {
      fn: f.surnames.slice(0, 80),
      fnt: icaoName(f.surnames),
      gn: f.givenNames.slice(0, 80),
      gnt: icaoName(f.givenNames),
    },
    dob: f.dateOfBirth,
    v: [
      {
        tg: TARGET_DISEASE_COVID19,
        vp: product.vp,
        mp: product.mp,
        ma: product.ma,
        dn: f.doseNumber,
        sd: f.seriesDoses,
        dt: f.givenOn,
        co: CERTIFICATE_PARAMETERS.issuerCountry,
        is: CERTIFICATE_PARAMETERS.issuerName,
        ci: f.uvci,
      },
    ],
  };
}
