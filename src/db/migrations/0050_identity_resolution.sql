-- Identity resolution (issue #23, ADR 0014): a source-list row that names no person exactly is
-- scored against its candidate persons (src/registry/identity/). Above the accept threshold it
-- is linked with its score and comparison vector (identity_link); between the thresholds it
-- waits in the review queue for an officer (identity_review); below it is rejected as before.
-- Both tables belong to the registry (test/architecture/tables-by-owner.test.ts). No foreign key
-- to person: the initial load drops and rebuilds person_pkey (ADR 0002), as for the source_ tables.

-- A list row linked to a person by its score, not by the exact key: what the model saw.
CREATE TABLE identity_link (
  import_id bigint NOT NULL REFERENCES import_run (id),
  line_number bigint NOT NULL,
  list text NOT NULL,
  person_id bigint NOT NULL,
  -- log2 of the Bayes factor of the row's comparisons with the person (model.ts).
  match_weight double precision NOT NULL,
  -- The level of each comparison by name, e.g. {"ci_number": "transposition", "date_of_birth": "exact"}.
  comparison_vector jsonb NOT NULL,
  -- 'model' when the weight passed the accept threshold, else the officer who accepted the review.
  decided_by text NOT NULL,
  review_id bigint,
  PRIMARY KEY (import_id, line_number)
);
CREATE INDEX identity_link_person ON identity_link (person_id);

-- A list row whose best candidate lies between the thresholds (or two candidates above accept):
-- an officer decides. The row's values are kept as the list sent them.
CREATE TABLE identity_review (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id bigint NOT NULL REFERENCES import_run (id),
  list text NOT NULL,
  line_number bigint NOT NULL,
  ci_number text NOT NULL,
  complemento text NOT NULL,
  date_of_birth date NOT NULL,
  row_csv text NOT NULL,
  -- [{"personId": "12", "weight": 21.3, "vector": {"ci_number": "one_digit_off", …}}, …] best first.
  candidates jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'unsure')),
  decided_person_id bigint,
  decided_by text,
  decided_at timestamptz,
  UNIQUE (import_id, line_number),
  CHECK ((status = 'accepted') = (decided_person_id IS NOT NULL)),
  CHECK ((status = 'pending') = (decided_by IS NULL))
);
CREATE INDEX identity_review_pending ON identity_review (list, import_id) WHERE status IN ('pending', 'unsure');

-- An import now accounts for the rows it linked by score and those it queued:
-- read = accepted (linked exactly + linked by score) + queued + rejected.
ALTER TABLE import_run ADD COLUMN rows_linked_by_score bigint NOT NULL DEFAULT 0;
ALTER TABLE import_run ADD COLUMN rows_queued bigint NOT NULL DEFAULT 0;
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'import_run'::regclass AND contype = 'c'
             AND pg_get_constraintdef(oid) LIKE '%rows_read = (rows_accepted + rows_rejected)%'
  LOOP
    EXECUTE format('ALTER TABLE import_run DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE import_run ADD CONSTRAINT import_run_rows_add_up
  CHECK (status <> 'completed' OR rows_read = rows_accepted + rows_queued + rows_rejected);
ALTER TABLE import_run ADD CONSTRAINT import_run_scored_within_accepted
  CHECK (rows_linked_by_score <= coalesce(rows_accepted, 0));
