-- Vaccination coverage as the campaign publishes it (issue #18, src/vaccination/README.md), and the
-- days the replay of 2021 has played.
--
-- `vaccination_public_coverage` is the vaccination domain's published read model for transparency:
-- src/transparency reads it, never vaccination_dose, so the campaign may change its tables as long
-- as the view keeps its promise. Counts only, never a person; suppression of small counts is the
-- reader's job (src/transparency/suppression.ts). The person's department, municipality and age
-- come from the registry's published view registry_person (migration 0040).
-- Changing the view's columns or meaning is a change of contract: add a migration that replaces it
-- and change its readers in the same commit.
--
-- The age bands are those of the rules' vaccination_plan_age_groups
-- (src/rules/parameters/vaccination.yaml); test/vaccination/coverage.test.ts holds the two equal.
-- A band is the person's age on the day of the dose: the cohort the dose was given under.
CREATE VIEW vaccination_public_coverage AS
SELECT d.given_on AS day,
       p.department_code::int AS department,
       p.municipality_code::text AS municipality,
       CASE WHEN a.years >= 60 THEN '60+'
            WHEN a.years >= 50 THEN '50-59'
            WHEN a.years >= 40 THEN '40-49'
            WHEN a.years >= 30 THEN '30-39'
            WHEN a.years >= 18 THEN '18-29'
            WHEN a.years >= 16 THEN '16-17'
            WHEN a.years >= 12 THEN '12-15'
            WHEN a.years >= 5 THEN '5-11'
            ELSE '0-4' END AS age_band,
       d.dose_kind,
       count(*) AS doses
FROM vaccination_dose d
JOIN registry_person p ON p.id = d.person_id
CROSS JOIN LATERAL (SELECT date_part('year', age(d.given_on, p.date_of_birth))::int AS years) a
GROUP BY 1, 2, 3, 4, 5;

COMMENT ON VIEW vaccination_public_coverage IS
  'Owned by the vaccination campaign (src/vaccination, src/vaccination/README.md); read by '
  'src/transparency. Promises: one row per day a dose was given (given_on), department (INE code of '
  'the person''s residence), municipality (INE code, 6 characters), age_band (the person''s age on '
  'that day in the bands of the rules'' vaccination_plan_age_groups: 60+, 50-59, 40-49, 30-39, '
  '18-29, 16-17, 12-15, 5-11, 0-4) and dose_kind (first: dose 1 of a two-dose series; second: its '
  'dose 2; single: a one-dose series; booster: any later dose), with doses, the number of doses '
  'recorded in the nominal registry in that group; groups without doses have no row. Counts only, '
  'never a person; not suppressed.';

-- The replay of 2021 (`ayni vaccination replay`): one row per day it has played, written in the
-- same transaction as that day's doses and stock movements, so a re-run continues after the last
-- day played and never plays a day twice. Counts are what the day recorded.
CREATE TABLE vaccination_replay_day (
  day date PRIMARY KEY,
  first_doses integer NOT NULL CHECK (first_doses >= 0),
  second_doses integer NOT NULL CHECK (second_doses >= 0),
  single_doses integer NOT NULL CHECK (single_doses >= 0),
  booster_doses integer NOT NULL CHECK (booster_doses >= 0),
  played_at timestamptz NOT NULL
);
