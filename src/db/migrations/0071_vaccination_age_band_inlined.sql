-- The age band of 0064 (vaccination_age_band) as one expression the planner inlines (issue #18:
-- ≥ 2,000 dose records/s). 0064's body read its age from a sub-select (a FROM), which a SQL
-- function's inlining refuses, and date_part's CASE would have named the age nine times: every
-- dose of an INSERT ran the function as a call of its own through the doses' coverage trigger
-- (vaccination_coverage_doses_added), about 17 µs a row at load 6 where the inlined expression
-- takes 2.5 µs (the 44,560 days of 1900–2021 banded: 753 ms → 112 ms).
--
-- The same bands: the age in whole years (0 for a date of birth after the day, or none, as 0064's
-- ELSE) indexes the band of each age up to 60, the last one '60+'. The dates are cast to
-- timestamp, not left to the timestamptz of age()'s resolution: that cast is only stable, and an
-- IMMUTABLE function whose body is not immutable is not inlined. On whole dates the years are the
-- same (0064 and this body agree on every birth date of 1940–2024 at eight days, 29 February
-- included). test/vaccination/coverage-aggregate.test.ts holds the aggregates to the full count.
CREATE OR REPLACE FUNCTION vaccination_age_band(born date, on_day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('{0-4,0-4,0-4,0-4,0-4,5-11,5-11,5-11,5-11,5-11,5-11,5-11,12-15,12-15,12-15,12-15,16-17,16-17,18-29,18-29,18-29,18-29,18-29,18-29,18-29,18-29,18-29,18-29,18-29,18-29,30-39,30-39,30-39,30-39,30-39,30-39,30-39,30-39,30-39,30-39,40-49,40-49,40-49,40-49,40-49,40-49,40-49,40-49,40-49,40-49,50-59,50-59,50-59,50-59,50-59,50-59,50-59,50-59,50-59,50-59,60+}'::text[])
         [greatest(0, least(60, coalesce(date_part('year', age(on_day::timestamp, born::timestamp))::int, 0))) + 1]
$$;
