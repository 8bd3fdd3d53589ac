-- The vaccination desk's look-ups cached across batches, and coverage kept as a daily aggregate
-- (issue #18 §13: ≥ 1,000 bookings/s, ≥ 2,000 dose records/s, coverage over 10 M doses under 1 s).
--
-- 1. vaccination_catalogue_version: one row whose number moves, in the changing transaction,
-- whenever a product, a site (its row, hours, capacity, mass days), a location, a lot or a lot's stock account
-- at a location is written. The booking and dose desks (src/vaccination/catalogue-cache.ts) read it
-- once per batch and keep what they read of those tables while it stands still; a change committed
-- by any process (the CLI, another worker) moves it, and the next batch reads the tables again.
CREATE TABLE vaccination_catalogue_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  version bigint NOT NULL
);
INSERT INTO vaccination_catalogue_version (version) VALUES (1);

CREATE FUNCTION vaccination_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE vaccination_catalogue_version SET version = version + 1;
  RETURN NULL;
END
$$;
-- Row-level, so a statement that writes nothing (INSERT … ON CONFLICT DO NOTHING of a location
-- that exists) does not move it; several rows of one transaction move it several times: harmless.
CREATE TRIGGER vaccination_site_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_site
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_site_hours_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_site_hours
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_site_capacity_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_site_capacity
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_site_mass_day_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_site_mass_day
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_location_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_location
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_lot_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_lot
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_product_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_product
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();
CREATE TRIGGER vaccination_stock_account_catalogue AFTER INSERT OR UPDATE OR DELETE ON vaccination_stock_account
  FOR EACH ROW EXECUTE FUNCTION vaccination_catalogue_changed();

-- 2. vaccination_coverage_day: the doses of vaccination_dose counted by day, department and
-- municipality of residence, age band on the day of the dose and kind — what the view of 0042
-- counted from every dose at each read (seconds over 10 M doses) — kept in the transaction that
-- writes the doses (a statement trigger, one upsert per statement whatever its size: the desks'
-- batches, the replay's day, a lone dose) and in the registry's corrections of a person's
-- municipality or date of birth (their doses move to the new group). test/vaccination/coverage.test.ts
-- holds it equal to the full count. The upserts lock their groups in key order, so two batches
-- wait for each other and never deadlock.
CREATE TABLE vaccination_coverage_day (
  day date NOT NULL,
  department int NOT NULL,
  municipality text NOT NULL,
  age_band text NOT NULL,
  dose_kind text NOT NULL,
  doses bigint NOT NULL CHECK (doses >= 0),
  PRIMARY KEY (day, municipality, age_band, dose_kind)
);

-- The band of an age, as 0042's view (and the rules' vaccination_plan_age_groups) has them.
CREATE FUNCTION vaccination_age_band(born date, on_day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a >= 60 THEN '60+' WHEN a >= 50 THEN '50-59' WHEN a >= 40 THEN '40-49'
              WHEN a >= 30 THEN '30-39' WHEN a >= 18 THEN '18-29' WHEN a >= 16 THEN '16-17'
              WHEN a >= 12 THEN '12-15' WHEN a >= 5 THEN '5-11' ELSE '0-4' END
  FROM (SELECT date_part('year', age(on_day, born))::int AS a) x
$$;

CREATE FUNCTION vaccination_coverage_doses_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vaccination_coverage_day AS c (day, department, municipality, age_band, dose_kind, doses)
  SELECT d.given_on, p.department_code::int, p.municipality_code::text,
         vaccination_age_band(p.date_of_birth, d.given_on), d.dose_kind, count(*)
  FROM added d JOIN person p ON p.id = d.person_id
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 3, 4, 5
  ON CONFLICT (day, municipality, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses;
  RETURN NULL;
END
$$;
CREATE TRIGGER vaccination_dose_coverage AFTER INSERT ON vaccination_dose
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vaccination_coverage_doses_added();

-- A person's municipality or date of birth corrected: their doses leave the old groups and join
-- the new ones (only persons with doses cost more than the join of the statement's rows).
CREATE FUNCTION vaccination_coverage_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vaccination_coverage_day AS c (day, department, municipality, age_band, dose_kind, doses)
  SELECT day, department, municipality, age_band, dose_kind, sum(n)
  FROM (
    SELECT d.given_on AS day, x.department, x.municipality,
           vaccination_age_band(x.born, d.given_on) AS age_band, d.dose_kind, x.n
    FROM (
      SELECT o.id, o.department_code::int AS department, o.municipality_code::text AS municipality,
             o.date_of_birth AS born, -1 AS n
      FROM changed_old o JOIN changed_new w ON w.id = o.id
      WHERE (o.municipality_code, o.date_of_birth) IS DISTINCT FROM (w.municipality_code, w.date_of_birth)
      UNION ALL
      SELECT w.id, w.department_code::int, w.municipality_code::text, w.date_of_birth, 1
      FROM changed_old o JOIN changed_new w ON w.id = o.id
      WHERE (o.municipality_code, o.date_of_birth) IS DISTINCT FROM (w.municipality_code, w.date_of_birth)
    ) x
    JOIN vaccination_dose d ON d.person_id = x.id
  ) moved
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(n) <> 0
  ORDER BY 1, 3, 4, 5
  ON CONFLICT (day, municipality, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_vaccination_coverage AFTER UPDATE ON person
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION vaccination_coverage_person_changed();

INSERT INTO vaccination_coverage_day (day, department, municipality, age_band, dose_kind, doses)
SELECT d.given_on, p.department_code::int, p.municipality_code::text,
       vaccination_age_band(p.date_of_birth, d.given_on), d.dose_kind, count(*)
FROM vaccination_dose d JOIN person p ON p.id = d.person_id
GROUP BY 1, 2, 3, 4, 5;

-- The published view keeps its columns and promise (0042's comment), read from the aggregate.
CREATE OR REPLACE VIEW vaccination_public_coverage AS
SELECT day, department, municipality, age_band, dose_kind, doses
FROM vaccination_coverage_day
WHERE doses > 0;
