-- One INSERT may append many audit entries in sequence order (src/audit appendAuditBatch: the
-- vaccination desk's and the wealth-tax filings' batches, one entry per booking, dose or filing,
-- under one lock of the head). A row-level BEFORE trigger sees the rows its own statement inserted
-- before it, while the head only moves at the statement's end (0032's after-row trigger, in
-- insertion order, each advancing it by one as 0010 requires). So a later row of the statement must
-- extend the entry inserted just before it; the first must still extend the head. Outside one
-- statement nothing changes: an entry whose predecessor exists beyond the head cannot be seen then.
CREATE OR REPLACE FUNCTION audit_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM audit_head;
  IF NEW.seq = head_seq + 1 AND NEW.prev_hash = head_hash THEN
    RETURN NEW;
  END IF;
  IF NEW.seq > head_seq + 1
     AND EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.seq - 1 AND hash = NEW.prev_hash) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit entry % does not extend the chain head (entry %)', NEW.seq, head_seq;
END
$$;
