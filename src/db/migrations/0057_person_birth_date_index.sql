-- The identity matcher's blocks (src/registry/identity/identity.repository.ts, the registry's
-- duplicate search) join list rows and persons on the date of birth plus three digits of the CI at
-- either end. Without an index each batch scanned all persons twice (38.8 s per call at 11.7 M,
-- bench/identity-postgres.bench.ts); one index on the date of birth serves both blocks, since a date
-- holds a few hundred persons and the digits are checked on those rows (issue #23).
CREATE INDEX person_date_of_birth ON person (date_of_birth);
