-- The target population kept per day (0064) is counted without blocking the registry's writers,
-- and without making them wait for each other. Until now the count took an EXCLUSIVE lock of
-- vaccination_population_kept before its snapshot, so every write of persons (imports,
-- corrections, deaths, merges) waited behind a count (15-70 s at 11.7 M persons), and the server
-- counts ahead every 5 minutes (src/vaccination/coverage-ahead.ts).
--
-- Now a count holds the advisory lock hashtext('ayni:vaccination:population') exclusively, taken
-- with a try (it never queues, so no writer ever queues behind it), for its whole transaction
-- (keepPopulation in coverage.repository.ts). A writer's forgetting trigger tries the same lock
-- shared, for the writer's transaction:
-- - got it (no count under way: the usual case): it only forgets the kept days. Shared locks do not
--   conflict, so writers never wait for each other here; and while the writer is in flight no
--   count can start (its try fails: the readings count for themselves), so every count sees every
--   writer that forgot before it, committed.
-- - did not (a count holds it): the writer bumps the one-row generation below, then forgets. The
--   count read the generation after its lock and keeps its cells, stamped with that generation,
--   only if it is unchanged, under the row's lock taken with SKIP LOCKED (a bump in flight: not
--   kept, and the count never waits for that writer). Only writers that come during a count bump,
--   so only they can wait for each other, on that row.
-- The forgetting itself must not make writers wait either: the first writer's DELETE locks the
-- kept rows until it commits (an import's minutes), so the others skip the rows a writer is
-- deleting (SKIP LOCKED) and, finding them still there, insert a row into
-- vaccination_population_forgotten (no key: inserts never wait for each other): should that
-- writer roll back, its rows come back, but no kept day is read while any such row is committed
-- (KEPT_CURRENT). The count clears them when it keeps (it then holds the lock exclusively: every
-- writer that inserted one before it has ended).
-- A writer that is not read committed always bumps: its forgetting reads an older snapshot, which
-- may not see the days that a count kept after it and before its trigger. A kept day is read only
-- while its generation is the current one (coverage.repository.ts KEPT_CURRENT).
CREATE TABLE vaccination_population_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation bigint NOT NULL
);
INSERT INTO vaccination_population_generation (generation) VALUES (0);

DELETE FROM vaccination_population_kept;
ALTER TABLE vaccination_population_kept ADD COLUMN generation bigint NOT NULL;

CREATE TABLE vaccination_population_forgotten (at timestamptz NOT NULL DEFAULT now());

CREATE OR REPLACE FUNCTION vaccination_population_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock_shared(hashtext('ayni:vaccination:population'))
     OR current_setting('transaction_isolation') <> 'read committed' THEN
    UPDATE vaccination_population_generation SET generation = generation + 1;
  END IF;
  -- After the bump: a bump that waited for a count being kept sees, in this new snapshot (read
  -- committed), the rows that count kept.
  DELETE FROM vaccination_population_kept
  WHERE on_day IN (SELECT on_day FROM vaccination_population_kept FOR UPDATE SKIP LOCKED);
  -- Left: another writer is deleting them (our own deletions are no longer seen).
  IF EXISTS (SELECT 1 FROM vaccination_population_kept) THEN
    INSERT INTO vaccination_population_forgotten DEFAULT VALUES;
  END IF;
  RETURN NULL;
END
$$;
