-- An audit append becomes one statement (src/audit/audit.repository.ts appendEntry): the entry is
-- inserted from the locked head, its hash computed in SQL from the same canonical text that
-- src/audit/audit.hash.ts hashes, and this trigger moves the head to it. Appends used to take three
-- round trips (lock the head, insert, move the head); every audited change, the bank's group
-- commits of payouts first among them, waited on all three while holding the chain's lock.
--
-- The head still only advances one entry at a time to an entry that exists (audit_head_advance_only
-- runs on this UPDATE, after the insert, so it sees the new entry), and an entry must still extend
-- the head it was inserted on (audit_entry_extends_head, BEFORE INSERT).
CREATE FUNCTION audit_entry_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash;
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_moves_head();
