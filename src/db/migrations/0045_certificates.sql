-- Vaccination certificates (issue #19): the issuer's keys' public parts, the certificates issued
-- from the nominal registry, and their revocations. Private keys are never here: they live in files
-- of the data folder (mode 0600), src/certificates/key-store.ts.

-- The national CSCA (country signing certificate authority): one certificate, self-made for the
-- demo; a ministry replaces it with its own (docs/adr/0012-certificates.md).
CREATE TABLE certificate_authority (
  id smallint PRIMARY KEY CHECK (id = 1),
  certificate bytea NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);

-- Document signers: an ES256 key each, its X.509 certificate under the CSCA, the DCC key id (first
-- 8 bytes of the SHA-256 of the certificate, base64). One is active (signs); a retired one still
-- verifies what it signed until its certificate expires; a revoked one verifies nothing.
CREATE TABLE certificate_signer (
  kid text PRIMARY KEY,
  certificate bytea NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'retired', 'revoked')),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  retired_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text CHECK (length(revoked_reason) <= 500)
);
CREATE UNIQUE INDEX certificate_signer_one_active ON certificate_signer ((status)) WHERE status = 'active';

-- A certificate issued: for a person's latest dose (the DCC carries one vaccination entry), the HC1
-- text as signed. The same dose record issues the same certificate again (idempotent re-issue):
-- (person_id, dose_number) is unique among certificates not revoked.
CREATE TABLE certificate_issued (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL,
  dose_number smallint NOT NULL CHECK (dose_number >= 1),
  uvci text NOT NULL UNIQUE CHECK (uvci ~ '^URN:UVCI:01:BO:[0-9A-Z]+#[0-9A-Z]$'),
  kid text NOT NULL REFERENCES certificate_signer (kid),
  hc1 text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  issued_by text NOT NULL,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('issued_in_error', 'dose_entered_in_error', 'replaced')),
  revoked_by text
);
CREATE UNIQUE INDEX certificate_issued_current ON certificate_issued (person_id, dose_number) WHERE revoked_at IS NULL;
CREATE INDEX certificate_issued_person ON certificate_issued (person_id);

-- The published revocation list (the DCC revocation approach): for each revoked certificate, the
-- first 16 bytes of SHA-256 of its UCI, of country code + UCI, and of its signature, base64; a
-- verifier hashes what it scanned the same three ways and looks them up. Nothing here names a person.
CREATE TABLE certificate_revocation (
  hash text PRIMARY KEY,
  hash_type text NOT NULL CHECK (hash_type IN ('UCI', 'COUNTRYCODEUCI', 'SIGNATURE')),
  kid text NOT NULL REFERENCES certificate_signer (kid),
  revoked_on date NOT NULL,
  expires_at timestamptz NOT NULL
);
