-- Bulk imports of a case file's events and persons (issue #21 §7), with the registry's rules:
-- every row read is counted (read = accepted + rejected), every rejected row is kept here with its
-- line and reason (the quarantine), and a file is all or nothing: one rejected row and none of its
-- rows enters the case file (the import is recorded as `rejected` with its rejects). The same bytes
-- imported twice into one investigation add nothing: a completed import of that SHA-256 and kind
-- answers `already_imported` (the unique index below, checked under the investigation's row lock).
-- Append-only: an import's record and its rejects are never changed.

CREATE TABLE case_import (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  kind text NOT NULL CHECK (kind IN ('events', 'persons')),
  file_name text NOT NULL CHECK (file_name <> '' AND length(file_name) <= 200),
  format text NOT NULL CHECK (format IN ('csv', 'json')),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL CHECK (status IN ('completed', 'rejected')),
  rows_read integer NOT NULL CHECK (rows_read >= 1),
  rows_accepted integer NOT NULL CHECK (rows_accepted >= 0),
  rows_added integer NOT NULL CHECK (rows_added >= 0),
  rows_already_in_case integer NOT NULL CHECK (rows_already_in_case >= 0),
  rows_rejected integer NOT NULL CHECK (rows_rejected >= 0),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL,
  CHECK (rows_read = rows_accepted + rows_rejected),
  CHECK ((status = 'rejected') = (rows_rejected > 0)),
  -- A completed file's accepted rows were added or found already there; a rejected file wrote none.
  CHECK (CASE status WHEN 'completed' THEN rows_accepted = rows_added + rows_already_in_case
                     ELSE rows_added = 0 AND rows_already_in_case = 0 END)
);
CREATE UNIQUE INDEX case_import_completed ON case_import (investigation_id, kind, sha256)
  WHERE status = 'completed';

CREATE TABLE case_import_reject (
  import_id bigint NOT NULL REFERENCES case_import (id),
  line integer NOT NULL CHECK (line >= 1),
  reason text NOT NULL CHECK (reason ~ '^[a-z_]{1,60}$'),
  field text CHECK (length(field) <= 60),
  content text NOT NULL CHECK (length(content) <= 2000),
  PRIMARY KEY (import_id, line)
);

CREATE FUNCTION case_import_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case imports are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_import_append_only BEFORE UPDATE OR DELETE ON case_import
  FOR EACH ROW EXECUTE FUNCTION case_import_refuse_change();
CREATE TRIGGER case_import_reject_append_only BEFORE UPDATE OR DELETE ON case_import_reject
  FOR EACH ROW EXECUTE FUNCTION case_import_refuse_change();
