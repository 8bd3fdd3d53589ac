-- Coverage kept also by month, so that a reading up to a day sums the months before it and only
-- the days of its own month (issue #18 §13: the coverage query over 10 M doses under 1 s).
--
-- 0067's coarse tables hold a row per day: 81,878 rows (day × department × age band × kind) and
-- 341,520 (day × municipality × kind) for the 10 M doses of 2021 on the 11.7 M bench country, and
-- every reading of coverage up to the end of the year summed all of them (0.1 s by department,
-- 0.3–0.45 s by municipality at load 10, server side; more under heavier load). Month tables beside
-- them hold the same doses twelve rows a year per group instead of ~365:
--
--   vaccination_coverage_department_month: month × department × age band × kind (≈ 3,900 a year);
--   vaccination_coverage_municipality_month: month × municipality × kind (≈ 16,300 a year).
--
-- A reading up to day D (src/vaccination/coverage.repository.ts dosesBy) sums the months before
-- D's month, the days of D's month up to D from the day tables (their primary key starts with the
-- day: a range of at most 31 days), and the deltas not yet compacted. `month` is the first day of
-- the month. The same compaction keeps them (vaccination_coverage_compact, replaced here: 0067's
-- body and two more upserts from the same DELETE), so the five tables always hold the same doses.
-- test/vaccination/coverage-aggregate.test.ts holds every reading equal to the full count.
CREATE TABLE vaccination_coverage_department_month (
  month date NOT NULL,
  department int NOT NULL,
  age_band text NOT NULL,
  dose_kind text NOT NULL,
  -- No CHECK (doses >= 0), as the day table (0064 says why).
  doses bigint NOT NULL,
  PRIMARY KEY (month, department, age_band, dose_kind)
);
CREATE TABLE vaccination_coverage_municipality_month (
  month date NOT NULL,
  municipality text NOT NULL,
  dose_kind text NOT NULL,
  doses bigint NOT NULL,
  PRIMARY KEY (month, municipality, dose_kind)
);

-- The backfill: what 0067's tables hold (the deltas not yet moved are moved by the next
-- compaction into all five).
INSERT INTO vaccination_coverage_department_month (month, department, age_band, dose_kind, doses)
SELECT date_trunc('month', day::timestamp)::date, department, age_band, dose_kind, sum(doses)
FROM vaccination_coverage_department_day GROUP BY 1, 2, 3, 4;
INSERT INTO vaccination_coverage_municipality_month (month, municipality, dose_kind, doses)
SELECT date_trunc('month', day::timestamp)::date, municipality, dose_kind, sum(doses)
FROM vaccination_coverage_municipality_day GROUP BY 1, 2, 3;

-- 0067's compaction and the two month tables. Two at once stay safe as 0067 says: every table's
-- rows upserted in the order of its primary key.
CREATE OR REPLACE FUNCTION vaccination_coverage_compact() RETURNS bigint LANGUAGE sql AS $$
  WITH moved AS (DELETE FROM vaccination_coverage_delta RETURNING *),
  summed AS (
    INSERT INTO vaccination_coverage_day AS c (day, department, municipality, age_band, dose_kind, doses)
    SELECT day, department, municipality, age_band, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 5
    ON CONFLICT (day, municipality, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  ),
  by_department AS (
    INSERT INTO vaccination_coverage_department_day AS c (day, department, age_band, dose_kind, doses)
    SELECT day, department, age_band, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (day, department, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  ),
  by_municipality AS (
    INSERT INTO vaccination_coverage_municipality_day AS c (day, municipality, dose_kind, doses)
    SELECT day, municipality, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (day, municipality, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  ),
  department_month AS (
    INSERT INTO vaccination_coverage_department_month AS c (month, department, age_band, dose_kind, doses)
    SELECT date_trunc('month', day::timestamp)::date, department, age_band, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, department, age_band, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  ),
  municipality_month AS (
    INSERT INTO vaccination_coverage_municipality_month AS c (month, municipality, dose_kind, doses)
    SELECT date_trunc('month', day::timestamp)::date, municipality, dose_kind, sum(doses)
    FROM moved GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (month, municipality, dose_kind) DO UPDATE SET doses = c.doses + EXCLUDED.doses
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM moved) + 0 * (SELECT count(*) FROM summed)
         + 0 * (SELECT count(*) FROM by_department) + 0 * (SELECT count(*) FROM by_municipality)
         + 0 * (SELECT count(*) FROM department_month) + 0 * (SELECT count(*) FROM municipality_month)
$$;
