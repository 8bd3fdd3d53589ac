-- Bono Contra el Hambre operations (src/bono/, docs/bono.md): frozen rounds and their entitlements,
-- counter payouts recorded by banks, account deposits sent as pain.001 and reconciled from pain.002
-- and camt.054, expiry, and grievances. Money moves only in the ledger (0020_ledger.sql); the tables
-- here hold what the ledger does not: who was entitled to what in which round, where and how a
-- person was paid, which file carried a deposit. Every time stored here is passed in by the caller.

-- The banks (EIFs) that pay the bono. A bank's API credential carries its BIC as `organisation`.
CREATE TABLE bono_bank (
  bic text PRIMARY KEY CHECK (bic ~ '^[A-Z]{4}BO[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200)
);

-- A payment round: the rules applied to the registry on `as_of`, frozen. Everything a replay needs
-- is here: the rules version (hash of the bound programme with its parameter values), the
-- parameter values themselves, the registry state read (person import high-water mark and the
-- source-list snapshots in force), control totals and the content hash over the entitlements.
-- Only `status` and the approval/expiry columns ever change, each once, forward.
--   frozen    created, waiting for a second officer (maker-checker);
--   approved  money may move: the round's total was moved from the funding lines to payable;
--   rejected  the checker refused it; no money ever moved;
--   expired   the collection period ended; unclaimed amounts went back to the funding lines.
-- `kind` is 'regular' or 'supplementary' (entitlements added after a grievance, never an edit of
-- a frozen round).
CREATE TABLE bono_round (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('regular', 'supplementary')),
  as_of date NOT NULL,
  status text NOT NULL CHECK (status IN ('frozen', 'approved', 'rejected', 'expired')),
  rules_version text NOT NULL CHECK (rules_version ~ '^[0-9a-f]{64}$'),
  parameters jsonb NOT NULL,
  registry_state jsonb NOT NULL,
  entitlement_count bigint NOT NULL CHECK (entitlement_count >= 0),
  total_centavos bigint NOT NULL CHECK (total_centavos >= 0),
  control_totals jsonb NOT NULL,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  note text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  expired_at timestamptz,
  CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
  -- Maker-checker: the service refuses it with a clear message; this is the second line.
  CHECK (decided_by IS NULL OR decided_by <> created_by),
  CHECK (status = 'frozen' OR decided_by IS NOT NULL),
  CHECK ((status = 'expired') = (expired_at IS NOT NULL))
);

-- One row per person entitled in a round, written once when the round is frozen and never changed.
-- `channel` is how the round intends to pay: 'deposit' for persons with a registered single-holder
-- account (bank and account copied from the snapshot), 'counter' for everyone else. A rejected
-- deposit does not edit this row: bono_deposit records it and the counter then accepts the person.
-- No foreign key to bono_round: a round writes millions of rows in the transaction that creates
-- the round, and the per-row check was most of the freeze time (measured: docs/benchmarks.md);
-- only createRound writes here, in the transaction that inserts the round itself, and replayRound
-- checks a round's rows against its content hash.
CREATE TABLE bono_entitlement (
  round_id bigint NOT NULL,
  person_id bigint NOT NULL,
  amount_centavos bigint NOT NULL CHECK (amount_centavos > 0),
  department_code smallint NOT NULL,
  band text NOT NULL,
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  deadline date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('counter', 'deposit')),
  bank_bic text,
  account_number text,
  -- One index serves both needs: a person's entitlements (every payout and look-up) and
  -- uniqueness. A round is frozen with its rows in person order, so the index grows at its right
  -- edge; a second index by round was measured to double the freeze time (docs/benchmarks.md).
  PRIMARY KEY (person_id, round_id),
  CHECK ((channel = 'deposit') = (bank_bic IS NOT NULL AND account_number IS NOT NULL))
);

-- A payment to a person: at a counter through the bank API, or by deposit once the bank accepted it.
-- The ledger transfer is the money; this row says where and how. At most one live (not reversed)
-- payment per person for the programme: the ledger's unique key refuses a second one first, this
-- index is the second line. `idempotency_key` is the bank's own key for the request, unique per bank.
CREATE TABLE bono_payment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id bigint NOT NULL,
  round_id bigint NOT NULL,
  amount_centavos bigint NOT NULL CHECK (amount_centavos > 0),
  channel text NOT NULL CHECK (channel IN ('counter', 'deposit')),
  bank_bic text NOT NULL,
  payment_point text NOT NULL DEFAULT '',
  idempotency_key text NOT NULL,
  transfer_id text NOT NULL UNIQUE,
  paid_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  reversed_at timestamptz,
  reversal_reason text,
  reversal_transfer_id text,
  reversed_by text,
  CHECK ((reversed_at IS NULL) = (reversal_transfer_id IS NULL)),
  UNIQUE (bank_bic, idempotency_key)
);
CREATE UNIQUE INDEX bono_payment_one_live ON bono_payment (person_id) WHERE reversed_at IS NULL;
CREATE INDEX bono_payment_day ON bono_payment (((paid_at AT TIME ZONE 'America/La_Paz')::date));

-- A pain.001 file sent to one bank for one round. Its sha256, NbOfTxs and CtrlSum are those of the
-- file as written and validated against the XSD.
CREATE TABLE bono_deposit_file (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id bigint NOT NULL REFERENCES bono_round (id),
  bank_bic text NOT NULL,
  message_id text NOT NULL UNIQUE,
  payment_info_id text NOT NULL,
  file_name text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  nb_of_txs bigint NOT NULL CHECK (nb_of_txs > 0),
  ctrl_sum_centavos bigint NOT NULL CHECK (ctrl_sum_centavos > 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);

-- One deposit per person per file. `state`: 'sent' (pending transfer reserved), 'accepted' (posted:
-- the person is paid), 'rejected' (voided: the person may collect at a counter; `reason_code` is
-- the bank's ISO 20022 reason). A person is sent again only after a rejection.
-- No foreign key to bono_deposit_file, for the same reason as bono_entitlement: deposits are
-- copied in by the hundred thousand, each in the transaction that writes its file row.
CREATE TABLE bono_deposit (
  end_to_end_id text PRIMARY KEY CHECK (length(end_to_end_id) BETWEEN 1 AND 35),
  file_id bigint NOT NULL,
  round_id bigint NOT NULL,
  person_id bigint NOT NULL,
  bank_bic text NOT NULL,
  account_number text NOT NULL,
  amount_centavos bigint NOT NULL CHECK (amount_centavos > 0),
  pending_transfer_id text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('sent', 'accepted', 'rejected')),
  reason_code text,
  resolved_at timestamptz,
  resolved_by_import_id bigint,
  CHECK ((state = 'sent') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX bono_deposit_one_open ON bono_deposit (person_id) WHERE state <> 'rejected';
CREATE INDEX bono_deposit_by_file ON bono_deposit (file_id);

-- A bank reply imported (pain.002 or camt.054): the same file (by sha256) is recorded once, so a
-- second import changes nothing and says so.
CREATE TABLE bono_status_import (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('pain.002', 'camt.054')),
  file_name text NOT NULL,
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  message_id text,
  accepted bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  unchanged bigint NOT NULL DEFAULT 0,
  unmatched bigint NOT NULL DEFAULT 0,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL
);

-- A grievance: filed by a citizen (with the CI triple) or by an officer for them. `reference` is
-- what the citizen keeps to follow it (it reveals nothing). Decisions are events below; the row's
-- status is the latest one, kept for the queue.
CREATE TABLE bono_grievance (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  kind text NOT NULL CHECK (kind IN ('not_listed', 'wrong_data', 'paid_not_received')),
  ci_number text NOT NULL,
  complemento text NOT NULL DEFAULT '',
  date_of_birth date NOT NULL,
  person_id bigint,
  description text NOT NULL CHECK (length(description) <= 4000),
  contact text NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
  filed_via text NOT NULL CHECK (filed_via IN ('citizen', 'officer')),
  filed_by text NOT NULL,
  filed_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'in_review', 'approved', 'rejected', 'resolved')),
  decided_at timestamptz,
  supplementary_round_id bigint REFERENCES bono_round (id)
);
CREATE INDEX bono_grievance_status ON bono_grievance (status, filed_at);

CREATE TABLE bono_grievance_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grievance_id bigint NOT NULL REFERENCES bono_grievance (id),
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  note text NOT NULL DEFAULT '',
  data jsonb
);
CREATE INDEX bono_grievance_event_grievance ON bono_grievance_event (grievance_id, id);

-- Failed citizen status look-ups, counted by client address and by CI number, so guessing dates of
-- birth is slowed down (see src/bono/status.service.ts).
CREATE TABLE bono_lookup_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
