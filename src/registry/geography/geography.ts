import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../../db/database.ts';
import { upsertDepartments, upsertMunicipalities } from './geography.repository.ts';

/**
 * Bolivia's nine departments with INE codes (1–9) and ISO 3166-2 codes, and the 339 municipalities
 * (INE codes DDPPMM, see SOURCE.md beside this file).
 */
export interface Department {
  code: number;
  name: string;
  iso3166_2: string;
  /** Legacy CI "expedido en" code, as ayni stores it (aliases are accepted on import). */
  expedition: string;
}

export const DEPARTMENTS: readonly Department[] = [
  { code: 1, name: 'Chuquisaca', iso3166_2: 'BO-H', expedition: 'CH' },
  { code: 2, name: 'La Paz', iso3166_2: 'BO-L', expedition: 'LP' },
  { code: 3, name: 'Cochabamba', iso3166_2: 'BO-C', expedition: 'CB' },
  { code: 4, name: 'Oruro', iso3166_2: 'BO-O', expedition: 'OR' },
  { code: 5, name: 'Potosí', iso3166_2: 'BO-P', expedition: 'PT' },
  { code: 6, name: 'Tarija', iso3166_2: 'BO-T', expedition: 'TJ' },
  { code: 7, name: 'Santa Cruz', iso3166_2: 'BO-S', expedition: 'SC' },
  { code: 8, name: 'Beni', iso3166_2: 'BO-B', expedition: 'BN' },
  { code: 9, name: 'Pando', iso3166_2: 'BO-N', expedition: 'PD' },
];

/**
 * Spellings of the legacy expedition department seen in public code. Official SEGIP abbreviations
 * for Beni and Pando are UNCONFIRMED (domain file §5), so both variants are accepted.
 */
const EXPEDITION_ALIASES: Record<string, string> = {
  CH: 'CH',
  CHQ: 'CH',
  LP: 'LP',
  CB: 'CB',
  CBBA: 'CB',
  OR: 'OR',
  PT: 'PT',
  PO: 'PT',
  TJ: 'TJ',
  SC: 'SC',
  SCZ: 'SC',
  BN: 'BN',
  BE: 'BN',
  BNI: 'BN',
  PD: 'PD',
  PA: 'PD',
  PN: 'PD',
};

/** Normalises an expedition code or alias. @example normaliseExpedition('be') // 'BN' */
export function normaliseExpedition(raw: string): string | undefined {
  return EXPEDITION_ALIASES[raw.trim().toUpperCase().replace(/\./g, '')];
}

export interface Municipality {
  code: string;
  departmentCode: number;
  provinceName: string;
  name: string;
}

function loadMunicipalities(): Municipality[] {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'municipalities.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  if (lines[0] !== 'code,department_code,province_name,name')
    throw new Error('municipalities.csv header changed');
  return lines.slice(1).map((line) => {
    const [code, dep, province, name] = line.split(',');
    if (!code || !dep || !province || !name) throw new Error(`bad municipalities.csv line: ${line}`);
    return { code, departmentCode: Number(dep), provinceName: province, name };
  });
}

export const MUNICIPALITIES: readonly Municipality[] = loadMunicipalities();
export const MUNICIPALITY_BY_CODE: ReadonlyMap<string, Municipality> = new Map(
  MUNICIPALITIES.map((m) => [m.code, m]),
);

/**
 * Writes departments and municipalities into the reference tables; safe to run on every start.
 *
 * @example await syncGeography(db);
 */
export async function syncGeography(db: Sql): Promise<void> {
  await upsertDepartments(db, DEPARTMENTS);
  await upsertMunicipalities(db, MUNICIPALITIES);
}
