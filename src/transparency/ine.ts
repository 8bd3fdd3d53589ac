import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The INE population figures by department (ine-population.yaml beside this file), read once and
 * checked with a schema so a typo fails at start-up rather than on a public page. Its source and
 * note, in Spanish and English, are data, not interface words: they cite the publication the
 * figures come from and say how far they can be trusted, so they change with the figures in the
 * same file (a new projection brings its own citation), never in a catalogue apart from them.
 */

const Text = z.strictObject({ es: z.string().min(10), en: z.string().min(10) });

const IneSchema = z.strictObject({
  year: z.number().int().min(1900),
  source: Text,
  url: z.url(),
  note: Text,
  departments: z
    .record(z.string().regex(/^[1-9]$/), z.number().int().positive())
    .refine((d) => Object.keys(d).length === 9, { message: 'all nine departments are needed' }),
});

export interface IneReference {
  year: number;
  source: { es: string; en: string };
  url: string;
  note: { es: string; en: string };
  /** Department code → projected population. */
  byDepartment: ReadonlyMap<number, bigint>;
  total: bigint;
}

let cached: IneReference | undefined;

/**
 * The INE projection the registry is compared with.
 *
 * @example loadIneReference().byDepartment.get(2) // 3023800n (La Paz)
 */
export function loadIneReference(): IneReference {
  if (cached) return cached;
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ine-population.yaml');
  const raw = IneSchema.parse(parse(readFileSync(file, 'utf8')));
  const byDepartment = new Map(
    Object.entries(raw.departments)
      .map(([code, n]) => [Number(code), BigInt(n)] as const)
      .sort((a, b) => a[0] - b[0]),
  );
  let total = 0n;
  for (const n of byDepartment.values()) total += n;
  cached = { year: raw.year, source: raw.source, url: raw.url, note: raw.note, byDepartment, total };
  return cached;
}
