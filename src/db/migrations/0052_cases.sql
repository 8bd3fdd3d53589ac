-- Accountability case files (issue #21, src/cases/README.md, docs/adr/0015-case-files.md): the
-- investigations of the violence of late 2019 (Sacaba, Senkata), after HURIDOCS' events standard
-- formats: events (place, coordinates, date-time range, type); acts within an event (a thesaurus:
-- killing, injury, detention, torture …), each one source's account; persons in their roles,
-- linked to the registry when the person is there; involvements (who did what to whom); free
-- relationships between entities; evidence items pointing to content-addressed blobs
-- (src/cases/evidence/store.ts) with an append-only, hash-chained custody log; testimony.
--
-- Only the cases domain's SQL names these tables (test/architecture/tables-by-owner.test.ts); the
-- service checks team membership, withholds protected identities and audits every read of a
-- restricted item. Every instant is passed in by the caller: nothing reads the clock.

CREATE TABLE case_investigation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
  title text NOT NULL CHECK (title <> '' AND length(title) <= 300),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
  opened_on date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- Restricted by default: an officer reads an investigation only as a member of its team. A
-- victims' representative reads only the files of the family named by family_code.
CREATE TABLE case_team_member (
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  username text NOT NULL CHECK (username ~ '^[a-z0-9._@-]{1,64}$'),
  team_role text NOT NULL
    CHECK (team_role IN ('investigator', 'analyst', 'prosecutor_liaison', 'victims_representative')),
  family_code text CHECK (family_code ~ '^[A-Z0-9-]{1,40}$'),
  added_by text NOT NULL,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (investigation_id, username),
  CHECK ((team_role = 'victims_representative') = (family_code IS NOT NULL))
);

CREATE TABLE case_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  title text NOT NULL CHECK (title <> '' AND length(title) <= 300),
  event_type text NOT NULL CHECK (event_type ~ '^[a-z_]{1,40}$'),
  place_name text NOT NULL CHECK (place_name <> '' AND length(place_name) <= 300),
  latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (ends_at >= starts_at),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX case_event_investigation ON case_event (investigation_id, starts_at);

-- A person in the case file. `code` is stable and shown instead of the identity wherever the
-- person is protected and the reader may not see who they are.
CREATE TABLE case_person (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9-]{3,40}$'),
  full_name text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 200),
  roles text[] NOT NULL
    CHECK (cardinality(roles) >= 1
      AND roles <@ ARRAY['victim', 'witness', 'alleged_perpetrator', 'investigator']::text[]),
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'unknown')),
  date_of_birth date,
  registry_person_id bigint,
  family_code text CHECK (family_code ~ '^[A-Z0-9-]{1,40}$'),
  protected boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (investigation_id, code)
);

-- Files of any type, by the SHA-256 of their bytes in the evidence store (the same bytes are
-- stored once). A derived item (transcript, redacted copy, still) points to its original.
-- custody_seq / custody_hash are the custody log's head: dropping the last entry is caught.
CREATE TABLE case_evidence_item (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  title text NOT NULL CHECK (title <> '' AND length(title) <= 300),
  kind text NOT NULL CHECK (kind IN ('document', 'photo', 'video', 'audio', 'autopsy_report', 'transcript', 'other')),
  media_type text NOT NULL CHECK (media_type ~ '^[a-z0-9.+-]+/[a-z0-9.+-]+$'),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  byte_length bigint NOT NULL CHECK (byte_length >= 0),
  original_item_id bigint REFERENCES case_evidence_item (id),
  derivation text CHECK (derivation IN ('transcript', 'redacted_copy', 'still', 'translation', 'excerpt', 'copy')),
  original_metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  restricted boolean NOT NULL DEFAULT true,
  family_code text CHECK (family_code ~ '^[A-Z0-9-]{1,40}$'),
  event_id bigint REFERENCES case_event (id),
  custody_seq integer NOT NULL DEFAULT 0 CHECK (custody_seq >= 0),
  custody_hash text NOT NULL CHECK (custody_hash ~ '^[0-9a-f]{64}$'),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((original_item_id IS NULL) = (derivation IS NULL)),
  CHECK (original_item_id IS NULL OR original_item_id <> id)
);
CREATE INDEX case_evidence_item_investigation ON case_evidence_item (investigation_id);
CREATE INDEX case_evidence_item_sha256 ON case_evidence_item (sha256);

-- Testimony: a statement with the witness's consent, its language, the interpreter, the
-- interviewer, and its audio or transcript as evidence items.
CREATE TABLE case_statement (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  witness_person_id bigint NOT NULL REFERENCES case_person (id),
  taken_at timestamptz NOT NULL,
  place_name text NOT NULL CHECK (place_name <> '' AND length(place_name) <= 300),
  language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
  interpreter text CHECK (interpreter <> '' AND length(interpreter) <= 200),
  interviewer text NOT NULL CHECK (interviewer <> '' AND length(interviewer) <= 200),
  consent_given boolean NOT NULL,
  consent_scope text NOT NULL CHECK (consent_scope IN ('none', 'investigation', 'prosecution', 'publication')),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
  audio_item_id bigint REFERENCES case_evidence_item (id),
  transcript_item_id bigint REFERENCES case_evidence_item (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (consent_given OR consent_scope = 'none')
);

-- An act within an event as ONE source tells it (an evidence item or a statement): two sources
-- telling the same act are two rows, which the analysis compares (contradictions).
CREATE TABLE case_act (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  event_id bigint NOT NULL REFERENCES case_event (id),
  act_type text NOT NULL CHECK (act_type ~ '^[a-z_]{1,40}$'),
  victim_person_id bigint REFERENCES case_person (id),
  starts_at timestamptz,
  ends_at timestamptz,
  place_name text CHECK (length(place_name) <= 300),
  latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
  longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
  cause_of_death text CHECK (cause_of_death ~ '^[a-z_]{1,40}$'),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  source_item_id bigint REFERENCES case_evidence_item (id),
  source_statement_id bigint REFERENCES case_statement (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((source_item_id IS NULL) <> (source_statement_id IS NULL)),
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX case_act_event ON case_act (event_id);

-- Who did what to whom: an alleged perpetrator's part in an act, with its source.
CREATE TABLE case_involvement (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  act_id bigint NOT NULL REFERENCES case_act (id),
  perpetrator_person_id bigint NOT NULL REFERENCES case_person (id),
  degree text NOT NULL CHECK (degree IN ('direct', 'ordered', 'participated', 'present', 'failed_to_prevent')),
  source_item_id bigint REFERENCES case_evidence_item (id),
  source_statement_id bigint REFERENCES case_statement (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((source_item_id IS NULL) <> (source_statement_id IS NULL))
);

-- Any other link between two entities of the file (a family tie, a chain of command, a photo
-- that depicts a place), with its source when it is an assertion.
CREATE TABLE case_relationship (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  from_kind text NOT NULL CHECK (from_kind IN ('person', 'event', 'act', 'item', 'statement')),
  from_id bigint NOT NULL,
  to_kind text NOT NULL CHECK (to_kind IN ('person', 'event', 'act', 'item', 'statement')),
  to_id bigint NOT NULL,
  relation text NOT NULL CHECK (relation ~ '^[a-z_]{1,40}$'),
  source_item_id bigint REFERENCES case_evidence_item (id),
  source_statement_id bigint REFERENCES case_statement (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (NOT (source_item_id IS NOT NULL AND source_statement_id IS NOT NULL))
);
