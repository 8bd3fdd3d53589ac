-- Accounts, sessions, API credentials and the tamper-evident audit trail (ADR 0004,
-- docs/security.md). Every time stored here is passed in by the caller: nothing reads the clock.

-- Officer accounts. Roles are names from the permission catalogue in src/access/permissions.ts: the
-- catalogue is code, reviewed and versioned with the routes it protects, so the database only keeps
-- the names. Accounts are disabled, never deleted, so a username — the audit trail's actor — is
-- never reused by someone else.
CREATE TABLE account (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9._-]{2,63}$'),
  display_name text NOT NULL CHECK (display_name <> '' AND length(display_name) <= 200),
  roles text[] NOT NULL,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  password_changed_at timestamptz NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Signed-in browser sessions. Only the SHA-256 of the cookie's token is kept, so a copy of this table
-- does not let anyone sign in. Expiry (idle and absolute) is computed from the two times and the
-- settings in force, so shortening a timeout applies to sessions already open.
CREATE TABLE account_session (
  token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  account_id bigint NOT NULL REFERENCES account (id),
  -- The synchroniser token a state-changing request must echo (header or form field). It is no
  -- secret on its own: without the session cookie it authorises nothing.
  csrf_token text NOT NULL CHECK (csrf_token ~ '^[A-Za-z0-9_-]{43}$'),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  client_ip text
);
CREATE INDEX account_session_account ON account_session (account_id);

-- Failed sign-in counters: 'account:<sha256 of the username>' (kept whether or not the account
-- exists, so a lock-out reveals nothing, and hashed so a password typed into the username field is
-- not stored) and 'ip:<address>'.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures >= 0),
  first_failure_at timestamptz NOT NULL,
  last_failure_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- Credentials for banks and other systems: `Authorization: Bearer <id>.<secret>`. The secret is 256
-- random bits, so a single SHA-256 is enough (no guessing attack is feasible), and keeps each API call
-- cheap; it is shown once when created and never stored.
CREATE TABLE api_credential (
  id text PRIMARY KEY CHECK (id ~ '^ak_[0-9a-f]{16}$'),
  organisation text NOT NULL CHECK (organisation ~ '^[A-Z0-9][A-Z0-9._-]{1,63}$'),
  description text NOT NULL DEFAULT '',
  roles text[] NOT NULL,
  secret_sha256 text NOT NULL CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  last_used_at timestamptz,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

-- The audit trail: one row per recorded change, each holding the hash of the one before it, so any
-- altered, removed or reordered entry breaks the chain (`ayni audit verify`). `hash` is the SHA-256
-- of a canonical serialisation of (prev_hash, seq, recorded_at, actor, action, entity, before,
-- after) computed in src/audit/audit.hash.ts.
CREATE TABLE audit_entry (
  seq bigint PRIMARY KEY CHECK (seq >= 1),
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL CHECK (actor ~ '^(system|cli:.+|account:.+|credential:.+)$'),
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  entity_type text NOT NULL CHECK (entity_type ~ '^[a-z][a-z0-9_]*$'),
  entity_id text,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- The chain head: the last sequence number and hash. Appends lock this one row (SELECT … FOR UPDATE)
-- in the caller's transaction, which serialises them so the chain never forks, and it lets verify
-- notice entries removed from the end.
CREATE TABLE audit_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq bigint NOT NULL CHECK (seq >= 0),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));

-- Refuses changes to the trail. This guards against accidents (a stray UPDATE, a careless script);
-- a database owner can still disable the trigger, which is what the hash chain is there to reveal.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING HINT = 'A mistake is corrected by appending a new entry, never by editing one.';
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_single_row BEFORE INSERT OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- A new entry must extend the head: the next number, linked to the head's hash.
CREATE FUNCTION audit_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM audit_head;
  IF NEW.seq <> head_seq + 1 OR NEW.prev_hash <> head_hash THEN
    RAISE EXCEPTION 'audit entry % does not extend the chain head (entry %)', NEW.seq, head_seq;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_entry_extends_head BEFORE INSERT ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_extends_head();

-- The head only moves forward, one entry at a time, to an entry that exists.
CREATE FUNCTION audit_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
    SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash
  ) THEN
    RAISE EXCEPTION 'the audit head only advances to the entry just appended (from % to %)', OLD.seq, NEW.seq;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_advance_only BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_advance_only();
