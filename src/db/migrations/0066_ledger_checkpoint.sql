-- The ledger's verified checkpoints (src/ledger/ledger.checkpoint.ts, issue #17). A clean run of
-- the ledger's check (`ayni ledger verify`) records what it verified as of a transfer `seq`: every
-- account's balances, the live unique keys' bucket fingerprints and a fingerprint of the transfer
-- rows themselves by range of `seq`. The next run starts from the latest checkpoint and reads only
-- the transfers recorded after it (the incremental check); `--full` recomputes everything from the
-- transfers alone and trusts no checkpoint. A checkpoint is history like the ledger's transfers:
-- never changed, never removed, and its digest (SHA-256 of its content, chained to the checkpoint
-- it started from) is also an entry of the audit trail.
CREATE TABLE ledger_checkpoint (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The checkpoint an incremental run started from; null for a full run.
  previous_id bigint REFERENCES ledger_checkpoint (id),
  mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
  -- Every transfer with seq <= through_seq was verified, and no other: none with a lower seq can
  -- commit later (the run waited for the transfers being recorded, see ledger.verify.ts).
  through_seq bigint NOT NULL CHECK (through_seq >= 0),
  transfer_count bigint NOT NULL CHECK (transfer_count >= 0),
  account_count bigint NOT NULL CHECK (account_count >= 0),
  live_key_count bigint NOT NULL CHECK (live_key_count >= 0),
  -- The live unique keys by bucket (hashtext(key) & 4095): how many, and the exact sum of each
  -- key's 64-bit fingerprint bound to its transfer (ledger.verify.repository.ts).
  key_bucket_counts bigint[] NOT NULL CHECK (cardinality(key_bucket_counts) = 4096),
  key_bucket_sums numeric[] NOT NULL CHECK (cardinality(key_bucket_sums) = 4096),
  -- The transfer rows by range of seq (seq >> 16): how many, and the exact sum of a 64-bit hash
  -- of each whole row. Element i is the range [i * 65536, (i + 1) * 65536).
  history_counts bigint[] NOT NULL,
  history_sums numeric[] NOT NULL CHECK (cardinality(history_sums) = cardinality(history_counts)),
  -- Debit and credit totals of each ledger: [{ledger, debitsPending, ...}] (amounts as strings).
  ledgers jsonb NOT NULL,
  -- Only a clean run writes a checkpoint.
  result text NOT NULL CHECK (result = 'ok'),
  verified_at timestamptz NOT NULL,
  verified_by text NOT NULL CHECK (length(verified_by) BETWEEN 1 AND 200),
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  -- SHA-256 (hex) of the checkpoint's canonical content, its accounts and previous_digest.
  previous_digest text CHECK (previous_digest ~ '^[0-9a-f]{64}$'),
  digest text NOT NULL UNIQUE CHECK (digest ~ '^[0-9a-f]{64}$')
);
CREATE INDEX ledger_checkpoint_latest ON ledger_checkpoint (through_seq DESC, id DESC);

-- Every account's balances as of the checkpoint (the sums of its transfers through through_seq).
CREATE TABLE ledger_checkpoint_account (
  checkpoint_id bigint NOT NULL REFERENCES ledger_checkpoint (id),
  account_id bigint NOT NULL,
  debits_pending bigint NOT NULL,
  debits_posted bigint NOT NULL,
  credits_pending bigint NOT NULL,
  credits_posted bigint NOT NULL,
  PRIMARY KEY (checkpoint_id, account_id)
);

-- Append-only, as the transfers (0020's ledger_refuse_change): a stray UPDATE or DELETE fails. A
-- database owner can still disable the triggers; the digest, its audit entry and the full check are
-- what reveal that.
CREATE TRIGGER ledger_checkpoint_immutable BEFORE UPDATE OR DELETE ON ledger_checkpoint
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoint_account_immutable BEFORE UPDATE OR DELETE ON ledger_checkpoint_account
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_checkpoint_account_no_truncate BEFORE TRUNCATE ON ledger_checkpoint_account
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- The incremental check reads the transfers after a checkpoint's seq. Transfers are only ever
-- appended, so seq follows the table's physical order and a BRIN index (a few pages, nothing to
-- maintain for a new row until its range is summarised) finds them without a B-tree on the hot
-- insert path.
CREATE INDEX ledger_transfer_seq_brin ON ledger_transfer USING brin (seq) WITH (pages_per_range = 32, autosummarize = on);
