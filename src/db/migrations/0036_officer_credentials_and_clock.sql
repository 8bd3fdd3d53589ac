-- Officers sign in at the command line too (docs/security.md, "The command line"), and the
-- database keeps one clock for every process that opens it (src/clock.ts).

-- A personal API credential belongs to one officer account instead of an organisation: the CLI
-- reads it from AYNI_CREDENTIAL so scripts need no password. It carries no roles of its own: it
-- acts with its account's roles as they are at each use, so a role change or a disabled account
-- applies to it at once, and what it records is `account:<username>`, exactly as the web does, so
-- maker-checker compares the same officers whichever interface each used.
ALTER TABLE api_credential
  ADD COLUMN account_id bigint REFERENCES account (id),
  ALTER COLUMN organisation DROP NOT NULL,
  ADD CONSTRAINT api_credential_one_holder CHECK ((account_id IS NULL) <> (organisation IS NULL)),
  ADD CONSTRAINT api_credential_personal_no_roles CHECK (account_id IS NULL OR roles = '{}');
CREATE INDEX api_credential_account ON api_credential (account_id) WHERE account_id IS NOT NULL;

-- The simulated clock was an instant every process started its own clock at (`clock_start`), so a
-- restart moved it back and a CLI command stamped times before the server's. It becomes an anchor:
-- a simulated instant and the real instant it held, and every process computes
-- now = simulated + (real now − real). An existing demonstration database goes on from the latest
-- change it recorded (never back), as of this migration.
INSERT INTO app_setting (key, value)
SELECT 'clock_anchor',
       json_build_object(
         'simulated', greatest(s.value::timestamptz, (SELECT max(recorded_at) FROM audit_entry)),
         'real', now()
       )::text
FROM app_setting s
WHERE s.key = 'clock_start';
DELETE FROM app_setting WHERE key = 'clock_start';
