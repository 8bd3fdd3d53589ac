-- The custody log of each evidence item (issue #21): collected by whom, where, when and how, then
-- every transfer, access, copy and analysis. Append-only and hash-chained per item like the audit
-- trail (src/cases/custody.hash.ts): each entry's hash covers the previous entry's hash, the item's
-- SHA-256 and the entry's fields, so `ayni cases custody verify` names a changed byte or a dropped
-- entry. The item row keeps the head (case_evidence_item.custody_seq, custody_hash).

CREATE TABLE case_custody_entry (
  item_id bigint NOT NULL REFERENCES case_evidence_item (id),
  seq integer NOT NULL CHECK (seq >= 1),
  recorded_at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL CHECK (action IN ('collected', 'transferred', 'accessed', 'copied', 'analysed', 'derived')),
  details jsonb NOT NULL,
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (item_id, seq)
);

CREATE FUNCTION case_custody_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the custody log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER case_custody_entry_append_only BEFORE UPDATE OR DELETE ON case_custody_entry
  FOR EACH ROW EXECUTE FUNCTION case_custody_refuse_change();
CREATE TRIGGER case_custody_entry_no_truncate BEFORE TRUNCATE ON case_custody_entry
  FOR EACH STATEMENT EXECUTE FUNCTION case_custody_refuse_change();
