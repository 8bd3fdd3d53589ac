-- Findings of an investigation's technical report for the prosecutors (issue #21 §6): each finding
-- is a statement of the team, numbered in the order the report prints it, resting on sources
-- (evidence items and statements of the same investigation) cited by id; the report prints each
-- cited item's SHA-256 and the state of its chain of custody. A finding is never edited: a
-- corrected finding is a new one that supersedes the old (its number is kept in `supersedes`).

CREATE TABLE case_finding (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 10000),
  title text NOT NULL CHECK (title <> '' AND length(title) <= 300),
  text text NOT NULL CHECK (text <> '' AND length(text) <= 10000),
  supersedes bigint REFERENCES case_finding (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (investigation_id, number)
);

CREATE TABLE case_finding_source (
  finding_id bigint NOT NULL REFERENCES case_finding (id),
  position integer NOT NULL CHECK (position BETWEEN 1 AND 200),
  source_item_id bigint REFERENCES case_evidence_item (id),
  source_statement_id bigint REFERENCES case_statement (id),
  PRIMARY KEY (finding_id, position),
  CHECK ((source_item_id IS NULL) <> (source_statement_id IS NULL))
);
