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
-- counted from every dose at each read (seconds over 10 M doses). The transaction that writes
-- doses (a desk's batch, the replay's day, a lone dose) appends their counts to
-- vaccination_coverage_delta (a statement trigger: one INSERT per statement whatever its size, and
-- no row that two writers share, so the desks' lanes never wait for each other there); so does a
-- registry correction of a person's municipality or date of birth (minus the old group, plus the
-- new). vaccination_coverage_compact() moves the deltas into the day table (the coverage read and
-- the desks call it now and then); the view adds both, so it is exact whenever it is read.
-- test/vaccination/coverage-aggregate.test.ts holds it equal to the full count.
CREATE TABLE vaccination_coverage_day (
  day date NOT NULL,
  department int NOT NULL,
  municipality text NOT NULL,
  age_band text NOT NULL,
  dose_kind text NOT NULL,
  -- No CHECK (doses >= 0): an upsert checks the row it proposes (a correction's -1) before it
  -- finds the row it adds to. A group at 0 (its persons moved away) is left out by the view.
  doses bigint NOT NULL,
  PRIMARY KEY (day, municipality, age_band, dose_kind)
);
CREATE TABLE vaccination_coverage_delta (
  day date NOT NULL,
  department int NOT NULL,
  municipality text NOT NULL,
  age_band text NOT NULL,
  dose_kind text NOT NULL,
  doses bigint NOT NULL
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
  INSERT INTO vaccination_coverage_delta (day, department, municipality, age_band, dose_kind, doses)
  SELECT d.given_on, p.department_code::int, p.municipality_code::text,
         vaccination_age_band(p.date_of_birth, d.given_on), d.dose_kind, count(*)
  FROM added d JOIN person p ON p.id = d.person_id
  GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END
$$;
CREATE TRIGGER vaccination_dose_coverage AFTER INSERT ON vaccination_dose
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vaccination_coverage_doses_added();

-- A person's municipality or date of birth corrected: their doses leave the old groups and join
-- the new ones. A row trigger with a WHEN clause, so that the registry's imports, which rewrite
-- persons by the million, pay only a comparison for the persons whose group did not change.
CREATE FUNCTION vaccination_coverage_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vaccination_coverage_delta (day, department, municipality, age_band, dose_kind, doses)
  SELECT day, department, municipality, age_band, dose_kind, sum(n)
  FROM (
    SELECT d.given_on AS day, OLD.department_code::int AS department, OLD.municipality_code::text AS municipality,
           vaccination_age_band(OLD.date_of_birth, d.given_on) AS age_band, d.dose_kind, -1 AS n
    FROM vaccination_dose d WHERE d.person_id = OLD.id
    UNION ALL
    SELECT d.given_on, NEW.department_code::int, NEW.municipality_code::text,
           vaccination_age_band(NEW.date_of_birth, d.given_on), d.dose_kind, 1
    FROM vaccination_dose d WHERE d.person_id = NEW.id
  ) moved
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(n) <> 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_vaccination_coverage AFTER UPDATE OF municipality_code, date_of_birth ON person
  FOR EACH ROW
  WHEN (OLD.municipality_code IS DISTINCT FROM NEW.municipality_code OR OLD.date_of_birth IS DISTINCT FROM NEW.date_of_birth)
  EXECUTE FUNCTION vaccination_coverage_person_moved();

-- Moves the committed deltas into the day table; returns how many delta rows it moved. Two at once
-- are safe: the second's DELETE skips the rows the first took.
CREATE FUNCTION vaccination_coverage_compact() RETURNS bigint LANGUAGE sql AS $$
  WITH moved AS (DELETE FROM vaccination_coverage_delta RETURNING *),
  summed AS (
    INSERT INTO vaccination_coverage_day AS c (day, department, municipality, age_band, dose_kind, doses)
    SELECT day, department, municipality, age_band, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 5
    ON CONFLICT (day, municipality, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM moved) + 0 * (SELECT count(*) FROM summed)
$$;

INSERT INTO vaccination_coverage_day (day, department, municipality, age_band, dose_kind, doses)
SELECT d.given_on, p.department_code::int, p.municipality_code::text,
       vaccination_age_band(p.date_of_birth, d.given_on), d.dose_kind, count(*)
FROM vaccination_dose d JOIN person p ON p.id = d.person_id
GROUP BY 1, 2, 3, 4, 5;

-- The published view keeps its columns and promise (0042's comment), read from the aggregate and
-- the deltas not yet moved into it.
CREATE OR REPLACE VIEW vaccination_public_coverage AS
SELECT day, department, municipality, age_band, dose_kind, sum(doses)::bigint AS doses
FROM (
  SELECT day, department, municipality, age_band, dose_kind, doses FROM vaccination_coverage_day
  UNION ALL
  SELECT day, department, municipality, age_band, dose_kind, doses FROM vaccination_coverage_delta
) kept
GROUP BY 1, 2, 3, 4, 5
HAVING sum(doses) > 0;

-- 3. The target population of coverage (src/vaccination/coverage.repository.ts populationByAge:
-- residents alive on a day by municipality and age in whole years, a scan of every person: 20 s at
-- 11.7 M on a loaded machine) kept per day once counted. Any write of the registry's persons or of
-- its merges forgets every day kept (a statement trigger: two deletes of small tables). The count
-- is made under an EXCLUSIVE lock of vaccination_population_kept taken before the count's snapshot:
-- a writer that forgot the days has committed before that snapshot, and a writer that forgets them
-- later waits for the count to commit and then forgets it.
CREATE TABLE vaccination_population_kept (
  on_day date PRIMARY KEY
);
CREATE TABLE vaccination_population_day (
  on_day date NOT NULL REFERENCES vaccination_population_kept (on_day) ON DELETE CASCADE,
  department int NOT NULL,
  municipality text NOT NULL,
  age_years int NOT NULL,
  persons bigint NOT NULL,
  PRIMARY KEY (on_day, municipality, age_years)
);

CREATE FUNCTION vaccination_population_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Always the DELETE (never a look first): its lock is what waits for a count under way.
  DELETE FROM vaccination_population_kept;
  RETURN NULL;
END
$$;
CREATE TRIGGER person_vaccination_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person
  FOR EACH STATEMENT EXECUTE FUNCTION vaccination_population_forget();
CREATE TRIGGER identity_merge_vaccination_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON identity_merge
  FOR EACH STATEMENT EXECUTE FUNCTION vaccination_population_forget();
