-- Coverage kept also at the grain its readings ask (issue #18 §13: the coverage query over 10 M
-- doses under 1 s).
--
-- vaccination_coverage_day (0064) has a row per day, municipality, age band and kind: about
-- 2 M rows for 10 M doses of a year, and every reading of coverage summed all of them (1.4–3.5 s
-- on a loaded machine). Most readings need no municipality: by department, by age band, by day
-- and the transparency portal's department × age band cube. Two coarser aggregates beside it:
--
--   vaccination_coverage_department_day: day × department × age band × kind (at most
--     366 × 9 × 9 × 4 ≈ 118,000 rows a year), for the department, age-band and day readings;
--   vaccination_coverage_municipality_day: day × municipality × kind (about 340 × 366 × 4), for
--     the municipality reading, which needs no age band.
--
-- Both are kept by the same compaction as the day table (vaccination_coverage_compact, replaced
-- here): the deltas appended by the doses' statement trigger and by a person's correction carry
-- department, municipality and age band, so the one DELETE of the deltas adds them to all three
-- tables in the same statement, and the three always hold the same doses. The deltas not yet
-- compacted are read beside each, as the view of 0064 reads them beside the day table.
-- test/vaccination/coverage-aggregate.test.ts holds both equal to the full count regrouped.
CREATE TABLE vaccination_coverage_department_day (
  day date NOT NULL,
  department int NOT NULL,
  age_band text NOT NULL,
  dose_kind text NOT NULL,
  -- No CHECK (doses >= 0), as the day table (0064 says why).
  doses bigint NOT NULL,
  PRIMARY KEY (day, department, age_band, dose_kind)
);
CREATE TABLE vaccination_coverage_municipality_day (
  day date NOT NULL,
  municipality text NOT NULL,
  dose_kind text NOT NULL,
  doses bigint NOT NULL,
  PRIMARY KEY (day, municipality, dose_kind)
);

-- The backfill: what the day table holds (the deltas not yet moved are moved by the next
-- compaction into all three).
INSERT INTO vaccination_coverage_department_day (day, department, age_band, dose_kind, doses)
SELECT day, department, age_band, dose_kind, sum(doses)
FROM vaccination_coverage_day GROUP BY 1, 2, 3, 4;
INSERT INTO vaccination_coverage_municipality_day (day, municipality, dose_kind, doses)
SELECT day, municipality, dose_kind, sum(doses)
FROM vaccination_coverage_day GROUP BY 1, 2, 3;

-- Moves the committed deltas into the three tables; returns how many delta rows it moved. Two at
-- once are safe: the second's DELETE skips the rows the first took, and both upsert each table's
-- rows in the same order. (A data-modifying WITH runs to completion whether or not it is read.)
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
  )
  SELECT (SELECT count(*) FROM moved) + 0 * (SELECT count(*) FROM summed)
         + 0 * (SELECT count(*) FROM by_department) + 0 * (SELECT count(*) FROM by_municipality)
$$;

-- The department grain published (the transparency portal's cube and days read it): the coarse
-- table and the deltas not yet moved into it. Equal to vaccination_public_coverage regrouped by
-- day, department, age band and kind (no group of that view is negative, so leaving out the
-- coarse groups at zero leaves out the same doses).
CREATE VIEW vaccination_public_coverage_department AS
SELECT day, department, age_band, dose_kind, sum(doses)::bigint AS doses
FROM (
  SELECT day, department, age_band, dose_kind, doses FROM vaccination_coverage_department_day
  UNION ALL
  SELECT day, department, age_band, dose_kind, doses FROM vaccination_coverage_delta
) kept
GROUP BY 1, 2, 3, 4
HAVING sum(doses) > 0;
