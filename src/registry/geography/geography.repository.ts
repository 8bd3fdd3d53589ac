import type { Sql } from '../../db/database.ts';

/**
 * The reference tables `department` and `municipality`. Their content is the catalogue in
 * ./geography.ts; these functions only write it.
 */

/** A department as its reference table holds it. */
export interface DepartmentRecord {
  code: number;
  name: string;
  iso3166_2: string;
}

/** A municipality as its reference table holds it. */
export interface MunicipalityRecord {
  code: string;
  departmentCode: number;
  provinceName: string;
  name: string;
}

/**
 * Inserts the departments, or brings the stored ones up to date, in one statement.
 *
 * @example await upsertDepartments(db, DEPARTMENTS);
 */
export async function upsertDepartments(db: Sql, departments: readonly DepartmentRecord[]): Promise<void> {
  await db.query(
    `INSERT INTO department (code, name, iso_3166_2)
     SELECT * FROM unnest($1::smallint[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, iso_3166_2 = excluded.iso_3166_2`,
    [departments.map((d) => d.code), departments.map((d) => d.name), departments.map((d) => d.iso3166_2)],
  );
}

/**
 * Inserts the municipalities, or brings the stored ones up to date, in one statement.
 *
 * @example await upsertMunicipalities(db, MUNICIPALITIES);
 */
export async function upsertMunicipalities(
  db: Sql,
  municipalities: readonly MunicipalityRecord[],
): Promise<void> {
  await db.query(
    `INSERT INTO municipality (code, department_code, province_name, name)
     SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::text[])
     ON CONFLICT (code) DO UPDATE SET department_code = excluded.department_code,
       province_name = excluded.province_name, name = excluded.name`,
    [
      municipalities.map((m) => m.code),
      municipalities.map((m) => m.departmentCode),
      municipalities.map((m) => m.provinceName),
      municipalities.map((m) => m.name),
    ],
  );
}
