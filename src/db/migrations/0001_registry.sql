-- The population registry: reference geography, persons keyed by (CI number, complemento, date of
-- birth), the import runs that fed them and the history of every change an import made.

CREATE TABLE department (
  code smallint PRIMARY KEY CHECK (code BETWEEN 1 AND 9),
  name text NOT NULL,
  iso_3166_2 text NOT NULL UNIQUE
);

CREATE TABLE municipality (
  code char(6) PRIMARY KEY CHECK (code ~ '^0[1-9][0-9]{4}$'),
  department_code smallint NOT NULL REFERENCES department (code),
  province_name text NOT NULL,
  name text NOT NULL
);

-- One row per run of `ayni registry import` or `ayni sources import`. `kind` is 'persons' or the
-- name of a source list. The counts always satisfy read = accepted + rejected.
CREATE TABLE import_run (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  file_name text NOT NULL,
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  encoding text,
  actor text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  rows_read bigint,
  rows_accepted bigint,
  rows_rejected bigint,
  rows_inserted bigint,
  rows_updated bigint,
  rows_unchanged bigint,
  rows_removed bigint,
  rejects_path text,
  error text,
  CHECK (status <> 'completed' OR rows_read = rows_accepted + rows_rejected),
  CHECK (status <> 'completed' OR rows_accepted = rows_inserted + rows_updated + rows_unchanged)
);
-- The same file content is imported at most once per kind.
CREATE UNIQUE INDEX import_run_once ON import_run (kind, content_sha256) WHERE status = 'completed';

-- A person. The natural key is (ci_number, complemento, date_of_birth) because CI numbers were
-- issued twice in the past; `complemento` is '' when the person has none. `expedition` is the
-- legacy department of issue, kept for display and never part of the key. `department_code` is
-- generated from the municipality code (its first two digits) and stored, because every aggregate
-- groups by it and a derived value that is never written cannot disagree with its source.
-- The importer validates every value before it reaches this table; the constraints here are a
-- second line of defence kept cheap, since each costs time on every row of a bulk load (regular
-- expressions and a foreign key to municipality were measured at a third of COPY time; ADR 0002).
CREATE TABLE person (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ci_number text NOT NULL CHECK (ci_number ~ '^[1-9][0-9]{3,11}$'),
  complemento text NOT NULL DEFAULT '' CHECK (length(complemento) <= 5),
  expedition text CHECK (expedition IN ('CH', 'LP', 'CB', 'OR', 'PT', 'TJ', 'SC', 'BN', 'PD')),
  given_names text NOT NULL CHECK (given_names <> ''),
  first_surname text NOT NULL,
  second_surname text NOT NULL DEFAULT '',
  date_of_birth date NOT NULL,
  sex char(1) NOT NULL CHECK (sex IN ('F', 'M')),
  municipality_code char(6) NOT NULL,
  department_code smallint GENERATED ALWAYS AS (substr(municipality_code, 1, 2)::smallint) STORED,
  residence_country char(2) NOT NULL DEFAULT 'BO',
  date_of_death date,
  created_import_id bigint NOT NULL,
  updated_import_id bigint NOT NULL,
  CHECK (first_surname <> '' OR second_surname <> ''),
  CHECK (date_of_death IS NULL OR date_of_death >= date_of_birth)
);
CREATE UNIQUE INDEX person_natural_key ON person (ci_number, complemento, date_of_birth);

-- What an update file changed: the values before and after, and which import changed them.
CREATE TABLE person_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL,
  import_id bigint NOT NULL REFERENCES import_run (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  old_values jsonb NOT NULL,
  new_values jsonb NOT NULL
);
CREATE INDEX person_history_person ON person_history (person_id);
