-- The audit head moves once per statement, not once per entry (issue #18's desks, measured
-- 2026-12-08): with 0032's after-row trigger a batch of n entries (appendAuditBatch: the
-- vaccination desk's bookings and doses, the payouts' group commit, the evidence import's groups)
-- updated the one audit_head row n times in one transaction, and every later row's BEFORE trigger
-- (audit_entry_extends_head) read that row through all the versions the statement had made so far:
-- about 1.2 ms an entry under load, while every lane's batch waited for the head's lock.
--
-- Nothing a reader or a verifier sees changes. Each row is still checked as it is inserted
-- (0059's audit_entry_extends_head: the first extends the head, each later one the entry just
-- before it), and the head still only moves forward, now to the last entry of the statement, along
-- a chain that audit_head_advance_only checks entry by entry: every number between the old head
-- and the new one present, the first linked to the old head's hash, each later one to its
-- predecessor's, the last holding the new head's hash.
DROP TRIGGER audit_entry_moves_head ON audit_entry;

CREATE FUNCTION audit_entries_move_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM appended ORDER BY seq DESC LIMIT 1;
  IF last_seq IS NOT NULL THEN
    UPDATE audit_head SET seq = last_seq, hash = last_hash;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_entries_move_head AFTER INSERT ON audit_entry
  REFERENCING NEW TABLE AS appended
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_move_head();

CREATE OR REPLACE FUNCTION audit_head_advance_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <= OLD.seq
     OR NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq = OLD.seq + 1 AND prev_hash = OLD.hash)
     OR NOT EXISTS (SELECT 1 FROM audit_entry WHERE seq = NEW.seq AND hash = NEW.hash)
     OR (SELECT count(*) FROM audit_entry WHERE seq > OLD.seq AND seq <= NEW.seq) <> NEW.seq - OLD.seq
     OR EXISTS (
       SELECT 1 FROM audit_entry e JOIN audit_entry p ON p.seq = e.seq - 1
       WHERE e.seq > OLD.seq + 1 AND e.seq <= NEW.seq AND e.prev_hash <> p.hash
     ) THEN
    RAISE EXCEPTION 'the audit head only advances along the entries just appended (from % to %)', OLD.seq, NEW.seq;
  END IF;
  RETURN NEW;
END
$$;
