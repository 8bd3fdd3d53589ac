-- Duplicates inside the registry merged by maker-checker (issue #23, ADR 0014): two person rows
-- that are probably one person are found by the same matcher as the lists (blocking and scoring,
-- src/registry/identity/identity-merge.ts); one officer proposes the merge, another approves it.
-- The merge keeps the surviving person's id; the retired person's row stays (both histories are
-- kept) and leaves the published read model, so no round entitles the same human twice; the
-- registry's own references to the retired id (source-list memberships, identity links) move to
-- the survivor, each move written down so an unmerge puts it back. Both tables belong to the
-- registry (identity_*). No foreign key to person: the initial load rebuilds person_pkey (ADR 0002).

CREATE TABLE identity_merge (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  surviving_person_id bigint NOT NULL,
  retired_person_id bigint NOT NULL,
  -- The matcher's weight of the pair and its comparisons by name, as the proposer saw them.
  match_weight double precision,
  comparison_vector jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'unmerged')),
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  proposal_reason text NOT NULL CHECK (proposal_reason <> ''),
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  unmerged_by text,
  unmerged_at timestamptz,
  unmerge_reason text,
  CHECK (surviving_person_id <> retired_person_id),
  -- Maker-checker: the one who proposed is never the one who decides.
  CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CHECK ((status = 'proposed') = (decided_by IS NULL)),
  CHECK ((status = 'unmerged') = (unmerged_by IS NOT NULL))
);
-- One open proposal or merge per pair, whichever way round; a person is retired by one merge at most.
CREATE UNIQUE INDEX identity_merge_open_pair
  ON identity_merge (least(surviving_person_id, retired_person_id), greatest(surviving_person_id, retired_person_id))
  WHERE status IN ('proposed', 'approved');
CREATE UNIQUE INDEX identity_merge_retired_once ON identity_merge (retired_person_id) WHERE status = 'approved';
CREATE INDEX identity_merge_surviving ON identity_merge (surviving_person_id) WHERE status = 'approved';

-- A reference the merge moved from the retired id to the survivor (a source-list snapshot's row,
-- an identity link), so an unmerge moves exactly these back.
CREATE TABLE identity_merge_moved (
  merge_id bigint NOT NULL REFERENCES identity_merge (id),
  -- The table's name (source_afp_dependent, identity_link …) and the row's import.
  relation text NOT NULL,
  import_id bigint NOT NULL,
  line_number bigint NOT NULL,
  PRIMARY KEY (merge_id, relation, import_id, line_number)
);

-- The read model leaves out a retired person: one row per person means one row per human. The
-- view keeps its columns (its contract) and gains the anti-join with the few approved merges,
-- which the planner runs as a hashed anti-join beside the person scan.
CREATE OR REPLACE VIEW registry_person AS
SELECT id, ci_number, complemento, expedition, given_names, first_surname, second_surname, date_of_birth,
       sex, municipality_code, department_code, residence_country, date_of_death, created_import_id
FROM person
WHERE NOT EXISTS (
  SELECT 1 FROM identity_merge m WHERE m.retired_person_id = person.id AND m.status = 'approved'
);
