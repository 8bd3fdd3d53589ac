-- The public version of a case file (issue #21 §6), kept in the database instead of a JSON file
-- under the data folder (issue #22: several stateless app processes share one database, and the
-- database is what is backed up). Each time an investigator publishes, a new version is appended
-- with the next number of its investigation; the public page at /casos/:code shows the latest.
-- `content` holds only what may be public (src/cases/publication.ts builds it: no protected name,
-- no restricted evidence); `content_sha256` is the SHA-256 of its canonical JSON (keys sorted), so
-- a version read back can be checked against what was published. Append-only, like the custody log.

CREATE TABLE case_public_version (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  investigation_id bigint NOT NULL REFERENCES case_investigation (id),
  version integer NOT NULL CHECK (version >= 1),
  published_at timestamptz NOT NULL,
  published_by text NOT NULL CHECK (published_by <> ''),
  content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  UNIQUE (investigation_id, version)
);

CREATE FUNCTION case_public_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published versions are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_public_version_append_only BEFORE UPDATE OR DELETE ON case_public_version
  FOR EACH ROW EXECUTE FUNCTION case_public_version_refuse_change();
CREATE TRIGGER case_public_version_no_truncate BEFORE TRUNCATE ON case_public_version
  FOR EACH STATEMENT EXECUTE FUNCTION case_public_version_refuse_change();
