-- The double-entry ledger (ADR 0006, src/ledger/). Every movement of money (or of any other unit,
-- such as vaccine doses) is an immutable transfer between two accounts of the same ledger, with an
-- id the caller chooses and reuses on retry. Each account keeps its balances, updated in the same
-- transaction as the transfers that move them. Mistakes are corrected by new transfers, never by
-- edits. Every time stored here is passed in by the caller: nothing reads the clock.

-- A ledger is a unit of account: accounts on different ledgers never exchange transfers.
-- `scale` is how many decimal places the unit has relative to the unit people read (BOB: amounts
-- are centavos, 2 places; doses: 0).
CREATE TABLE ledger (
  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z][A-Za-z0-9_]{0,31}$'),
  unit text NOT NULL CHECK (unit ~ '^[a-z][a-z_]{0,31}$'),
  scale smallint NOT NULL CHECK (scale BETWEEN 0 AND 18),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200)
);
INSERT INTO ledger (code, unit, scale, name) VALUES ('BOB', 'centavo', 2, 'Bolivianos, in centavos');

-- An account and its balances. The four balances only move through src/ledger, in the transaction
-- that records the transfers moving them. `posted` balances only grow (a correction is another
-- transfer on the opposite side); `pending` ones grow when a two-phase transfer is reserved and
-- shrink when it is posted or voided. The flags are the invariants a bug must not break (no more
-- paid out of an allocation than was put into it): the CHECKs below refuse any write that breaks
-- them, after the ledger code has already refused the transfer as an expected failure.
CREATE TABLE ledger_account (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (length(code) <= 128 AND code ~ '^[a-z][a-z0-9-]*(:[A-Za-z0-9._-]+)*$'),
  ledger text NOT NULL REFERENCES ledger (code),
  kind text NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'income', 'expense')),
  name text NOT NULL CHECK (length(name) <= 200),
  debits_must_not_exceed_credits boolean NOT NULL,
  credits_must_not_exceed_debits boolean NOT NULL,
  debits_pending bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  created_at timestamptz NOT NULL,
  CHECK (NOT (debits_must_not_exceed_credits AND credits_must_not_exceed_debits)),
  CHECK (NOT debits_must_not_exceed_credits OR debits_posted + debits_pending <= credits_posted),
  CHECK (NOT credits_must_not_exceed_debits OR credits_posted + credits_pending <= debits_posted)
);

-- A transfer: `amount` in the ledger's unit moves from `debit_account_id` to `credit_account_id`.
--   single_phase  posts at once.
--   pending       reserves the amount in both accounts' pending balances (a deposit in flight).
--   post_pending  posts a pending transfer (`pending_id`): pending → posted, same accounts, amount.
--   void_pending  releases a pending transfer: pending → nothing.
-- `reverses_id` marks a correction: the mirror image (accounts swapped, same amount) of an earlier
-- transfer. `unique_key` lets a caller say "at most one live transfer with this key" (one Bono
-- payment per person and programme); live keys are held in ledger_unique_key. `person_id` is the
-- column the table would be distributed by on Citus; `user_data_64` and `user_data_text` are the
-- caller's own references (a round id, a bank's BIC, an EndToEndId). `seq` numbers transfers in the
-- order they were recorded; `occurred_at` is when the caller says the movement happened.
-- The ids and keys compare byte by byte (COLLATE "C"): they are codes, not words, and a server
-- whose default collation is a language's would otherwise pay for it on every index comparison.
-- No foreign key ties a transfer to its accounts: the ledger locks both accounts and checks their
-- ledger before it writes, accounts are never removed, and the two per-row checks cost nearly a
-- third of the insert time of a batch (measured, ADR 0006); verifyLedger checks it instead.
CREATE TABLE ledger_transfer (
  id text COLLATE "C" PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  kind text NOT NULL CHECK (kind IN ('single_phase', 'pending', 'post_pending', 'void_pending')),
  debit_account_id bigint NOT NULL,
  credit_account_id bigint NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  ledger text NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  pending_id text COLLATE "C" REFERENCES ledger_transfer (id),
  reverses_id text COLLATE "C" REFERENCES ledger_transfer (id),
  expires_at timestamptz,
  unique_key text COLLATE "C" CHECK (length(unique_key) BETWEEN 1 AND 128),
  person_id bigint,
  user_data_64 bigint,
  user_data_text text CHECK (length(user_data_text) <= 128),
  occurred_at timestamptz NOT NULL,
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((kind IN ('post_pending', 'void_pending')) = (pending_id IS NOT NULL)),
  CHECK (expires_at IS NULL OR (kind = 'pending' AND expires_at > occurred_at)),
  CHECK (reverses_id IS NULL OR kind = 'single_phase')
);
-- A pending transfer is posted or voided at most once; a transfer is reversed at most once.
CREATE UNIQUE INDEX ledger_transfer_resolved_once ON ledger_transfer (pending_id) WHERE pending_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_transfer_reversed_once ON ledger_transfer (reverses_id) WHERE reverses_id IS NOT NULL;
-- Account statements and balances at a date read one side of an account in time order.
CREATE INDEX ledger_transfer_debit ON ledger_transfer (debit_account_id, occurred_at, seq);
CREATE INDEX ledger_transfer_credit ON ledger_transfer (credit_account_id, occurred_at, seq);
-- Pending transfers with a deadline, for the job that voids the expired ones.
CREATE INDEX ledger_transfer_expiry ON ledger_transfer (expires_at, id) WHERE expires_at IS NOT NULL;

-- The unique keys currently held, one row per key. A key is released (its row removed) when the
-- transfer holding it is voided or reversed, so a person whose deposit a bank rejected can still be
-- paid at a counter. This table is an index of the live keys, derived from the transfers;
-- verifyLedger recomputes it. The transfers themselves never change.
CREATE TABLE ledger_unique_key (
  unique_key text COLLATE "C" PRIMARY KEY,
  transfer_id text COLLATE "C" NOT NULL,
  person_id bigint
);

-- Refuses edits of what must never change. It guards against accidents (a stray UPDATE, a careless
-- script); a database owner can still disable the trigger, which is what verifyLedger is there to
-- reveal.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger %: % refused', TG_TABLE_NAME, TG_OP
    USING HINT = 'A transfer is immutable and an account is never removed: correct a mistake with a new transfer.';
END
$$;
CREATE TRIGGER ledger_transfer_immutable BEFORE UPDATE OR DELETE ON ledger_transfer
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transfer_no_truncate BEFORE TRUNCATE ON ledger_transfer
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_no_delete BEFORE DELETE ON ledger_account
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_account_no_truncate BEFORE TRUNCATE ON ledger_account
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
-- Only the columns listed fire it, so the balance updates on the hot path pay nothing for it.
CREATE TRIGGER ledger_account_definition_fixed
  BEFORE UPDATE OF id, code, ledger, kind, debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at
  ON ledger_account FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Posted balances only grow: a posted movement is undone by another one, never by subtracting.
CREATE FUNCTION ledger_account_posted_only_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.debits_posted < OLD.debits_posted OR NEW.credits_posted < OLD.credits_posted THEN
    RAISE EXCEPTION 'ledger account %: a posted balance may only grow', OLD.code;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ledger_account_posted_only_grows BEFORE UPDATE OF debits_posted, credits_posted ON ledger_account
  FOR EACH ROW EXECUTE FUNCTION ledger_account_posted_only_grows();
