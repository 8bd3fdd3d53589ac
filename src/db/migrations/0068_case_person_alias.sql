-- The other names a person of a case file is known by (issue #21 §3): nicknames, other spellings.
-- A protected witness's aliases are identity as much as the full name: src/cases/redaction.ts
-- replaces every one of them by the person's code in every text shown to someone who may not see
-- the identity (the public version, the restricted viewer, the report without the role), and a
-- view withholds them with the name. Added and removed by the team's investigators, each change in
-- the audit trail by the person's code and the alias's SHA-256, never the alias itself. One alias
-- once per person, whatever its case.

CREATE TABLE case_person_alias (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES case_person (id),
  alias text NOT NULL CHECK (alias = btrim(alias) AND length(alias) BETWEEN 2 AND 200),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX case_person_alias_once ON case_person_alias (person_id, lower(alias));
