-- The target population kept per day (0064) is counted without blocking the registry's writers.
-- Until now the count took an EXCLUSIVE lock of vaccination_population_kept before its snapshot,
-- so every write of persons (imports, corrections, deaths, merges) waited behind a count (15-70 s
-- at 11.7 M persons), and the server counts ahead every 5 minutes (src/vaccination/coverage-ahead.ts).
-- Now the count is optimistic: a one-row generation, bumped by the forgetting trigger in the
-- writer's transaction, is read in the count's snapshot; the count is kept (stamped with that
-- generation) in a second transaction that locks the generation row (FOR UPDATE: it waits for a
-- writer in flight that bumped it) and only if the generation is unchanged. A writer that bumps
-- it later waits for that short insertion only, then forgets what it kept. A kept day is read only
-- while its generation is the current one (coverage.repository.ts), so a writer whose forgetting
-- did not see the kept rows (a repeatable-read writer's older snapshot) leaves them unread.
CREATE TABLE vaccination_population_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation bigint NOT NULL
);
INSERT INTO vaccination_population_generation (generation) VALUES (0);

DELETE FROM vaccination_population_kept;
ALTER TABLE vaccination_population_kept ADD COLUMN generation bigint NOT NULL;

CREATE OR REPLACE FUNCTION vaccination_population_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The bump first: it waits for a count being kept, so the DELETE (a new snapshot under read
  -- committed) sees the rows that count kept.
  UPDATE vaccination_population_generation SET generation = generation + 1;
  DELETE FROM vaccination_population_kept;
  RETURN NULL;
END
$$;
