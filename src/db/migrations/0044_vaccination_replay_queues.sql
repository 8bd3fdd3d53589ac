-- The replay of 2021's work queues (issue #18 §13: the full-year replay on the 11.7 M country).
--
-- Each day of the replay serves, per site, the first persons of three queues: persons without a
-- first dose (oldest first, the priority groups before them), persons whose second dose is due
-- (earliest first dose first) and persons who may have a booster (earliest second dose first).
-- Read from vaccination_dose and registry_person, every day ranked the whole country again (a scan
-- of every person and every dose, growing with the doses given: 674 s for 1 M persons, hours for
-- 11.7 M). These tables hold each queue in the order it is served, so a day reads only the persons
-- it serves (an index range with a LIMIT per site), and a dose written moves its person from one
-- queue to the next in the same statement.
--
-- They are derived data, not history: src/vaccination/replay.ts rebuilds all three from
-- vaccination_dose and registry_person when a replay starts (so they never disagree with the
-- nominal registry), and only the replay writes them. The columns copied from registry_person are
-- those the rules' compiled eligibility reads (`p.<column>`: test/vaccination/replay.test.ts holds
-- them to the rules'); the draws are the replay's stable per-person hashes (0–999), compared on each
-- day with that day's shares of parameters/replay.yaml.
--
-- No keys or indexes here: the rebuild loads millions of rows and then builds the indexes in the
-- orders the days read (replay.repository.ts, rebuildReplayQueues), as the registry import builds
-- its indexes after the COPY (ADR 0002); a person is in a queue once by construction (one
-- registry id, one dose 1, one dose 2), and a person served leaves it by the row read (ctid).

CREATE TABLE vaccination_replay_candidate (
  person_id bigint NOT NULL,
  department_code smallint,
  municipality_code char(6),
  date_of_birth date,
  date_of_death date,
  ci_number text,
  health_worker_draw smallint NOT NULL,
  comorbidity_draw smallint NOT NULL,
  uptake_draw smallint NOT NULL
);

CREATE TABLE vaccination_replay_second_due (
  person_id bigint NOT NULL,
  site_id bigint NOT NULL,
  first_product text NOT NULL,
  first_given_on date NOT NULL,
  date_of_death date
);

CREATE TABLE vaccination_replay_booster_due (
  person_id bigint NOT NULL,
  site_id bigint NOT NULL,
  first_product text NOT NULL,
  second_given_on date NOT NULL,
  date_of_birth date,
  date_of_death date,
  comorbidity_draw smallint NOT NULL
);
