import type { Sql } from '../db/database.ts';
import type { IsoDate } from '../shared/dates.ts';
import type { SecondDoseRule } from './dose-schedule.ts';
import type { ProductCode } from './vaccination.types.ts';

/**
 * The SQL of the lists for a site's staff: persons whose second dose is due, persons who may have a
 * booster. The schedules come from the caller (the rules bound on the day, dose-schedule.ts) as a
 * JSON parameter; persons are read through the registry's published view `registry_person`.
 */

/** A person in a list, as the site's staff identify them at the desk. */
export interface ListedPerson {
  personId: bigint;
  ciNumber: string;
  complemento: string;
  givenNames: string;
  surnames: string;
}

/** A person whose dose 2 is due, as read (the status is decided by the service). */
export interface SecondDoseRow extends ListedPerson {
  site: string;
  firstProduct: ProductCode;
  secondProduct: ProductCode;
  firstOn: IsoDate;
  dueOn: IsoDate;
  latestOn: IsoDate | null;
}

/** A person who has completed a primed series and may have a booster. */
export interface BoosterRow extends ListedPerson {
  site: string;
  firstProduct: ProductCode;
  secondOn: IsoDate;
  earliestOn: IsoDate;
}

interface PersonColumns {
  person_id: bigint;
  ci_number: string;
  complemento: string;
  given_names: string;
  surnames: string;
}

const person = (r: PersonColumns): ListedPerson => ({
  personId: r.person_id,
  ciNumber: r.ci_number,
  complemento: r.complemento,
  givenNames: r.given_names,
  surnames: r.surnames,
});

/**
 * Persons with a first dose (of a two-dose series) and no dose 2, alive on `on`, whose dose 2 is
 * due by `dueBy`, by site of the first dose (the site they return to), earliest due first.
 *
 * @example await selectSecondDosesDue(db, { on: '2021-05-01', dueBy: '2021-05-08', rules, site: 'lp-umsa' })
 */
export async function selectSecondDosesDue(
  sql: Sql,
  options: { on: IsoDate; dueBy: IsoDate; rules: readonly SecondDoseRule[]; site?: string },
): Promise<SecondDoseRow[]> {
  const rows = await sql.query<
    PersonColumns & {
      site: string;
      first_product: ProductCode;
      second_product: ProductCode;
      first_on: string;
      due_on: string;
      latest_on: string | null;
    }
  >(
    `WITH rule AS (
       SELECT * FROM jsonb_to_recordset($3::jsonb)
         AS r("firstProduct" text, "secondProduct" text, "afterDays" int, "latestAfterDays" int)
     )
     SELECT s.code AS site, d.person_id, p.ci_number, p.complemento, p.given_names,
            trim(p.first_surname || ' ' || p.second_surname) AS surnames,
            d.product AS first_product, rule."secondProduct" AS second_product,
            to_char(d.given_on, 'YYYY-MM-DD') AS first_on,
            to_char(d.given_on + rule."afterDays", 'YYYY-MM-DD') AS due_on,
            to_char(d.given_on + rule."latestAfterDays", 'YYYY-MM-DD') AS latest_on
     FROM vaccination_dose d
     JOIN rule ON rule."firstProduct" = d.product
     JOIN vaccination_site s ON s.id = d.site_id
     JOIN registry_person p ON p.id = d.person_id
     WHERE d.dose_number = 1 AND d.dose_kind = 'first'
       AND d.given_on + rule."afterDays" <= $2::date
       AND ($4::text IS NULL OR s.code = $4)
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d2 WHERE d2.person_id = d.person_id AND d2.dose_number = 2)
     ORDER BY s.code, d.given_on + rule."afterDays", d.person_id`,
    [options.on, options.dueBy, JSON.stringify(options.rules), options.site ?? null],
  );
  return rows.map((r) => ({
    ...person(r),
    site: r.site,
    firstProduct: r.first_product,
    secondProduct: r.second_product,
    firstOn: r.first_on,
    dueOn: r.due_on,
    latestOn: r.latest_on,
  }));
}

/**
 * Persons who completed a series started with one of `primedProducts` at least `weeks` weeks
 * before `on`, have no later dose, are alive and at least `minimumAge` on `on`, by site of the
 * second dose, longest waiting first.
 *
 * @example await selectBoosterEligible(db, { on: '2021-11-02', primedProducts: ['sinopharm'], weeks: 8, minimumAge: 18 })
 */
export async function selectBoosterEligible(
  sql: Sql,
  options: {
    on: IsoDate;
    primedProducts: readonly ProductCode[];
    weeks: number;
    minimumAge: number;
    site?: string;
  },
): Promise<BoosterRow[]> {
  const rows = await sql.query<
    PersonColumns & { site: string; first_product: ProductCode; second_on: string; earliest_on: string }
  >(
    `SELECT s.code AS site, d2.person_id, p.ci_number, p.complemento, p.given_names,
            trim(p.first_surname || ' ' || p.second_surname) AS surnames,
            d1.product AS first_product,
            to_char(d2.given_on, 'YYYY-MM-DD') AS second_on,
            to_char(d2.given_on + 7 * $3::int, 'YYYY-MM-DD') AS earliest_on
     FROM vaccination_dose d2
     JOIN vaccination_dose d1 ON d1.person_id = d2.person_id AND d1.dose_number = 1
     JOIN vaccination_site s ON s.id = d2.site_id
     JOIN registry_person p ON p.id = d2.person_id
     WHERE d2.dose_number = 2 AND d2.dose_kind = 'second'
       AND d1.product = ANY ($2::text[])
       AND d2.given_on + 7 * $3::int <= $1::date
       AND p.date_of_birth <= ($1::date - make_interval(years => $4::int))::date
       AND (p.date_of_death IS NULL OR p.date_of_death > $1::date)
       AND ($5::text IS NULL OR s.code = $5)
       AND NOT EXISTS (SELECT 1 FROM vaccination_dose d3 WHERE d3.person_id = d2.person_id AND d3.dose_number = 3)
     ORDER BY s.code, d2.given_on, d2.person_id`,
    [options.on, options.primedProducts, options.weeks, options.minimumAge, options.site ?? null],
  );
  return rows.map((r) => ({
    ...person(r),
    site: r.site,
    firstProduct: r.first_product,
    secondOn: r.second_on,
    earliestOn: r.earliest_on,
  }));
}

/**
 * Whether a site code exists (the lists answer `site_not_found` for an unknown one).
 *
 * @example await siteExists(db, 'lp-umsa') // true
 */
export async function siteExists(sql: Sql, code: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM vaccination_site WHERE code = $1', [code]);
  return rows.length > 0;
}
