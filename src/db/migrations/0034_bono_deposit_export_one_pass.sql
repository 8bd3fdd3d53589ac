-- The deposit export in one pass (src/bono/deposits.ts, docs/benchmarks.md): each page of deposit
-- entitlements is classified, recorded and returned by one statement, and no count runs first. A
-- file's totals are known only once its last page is reserved, so a provisional file row (sha256
-- of zeros) carries none until its file is written and recorded.
ALTER TABLE bono_deposit_file DROP CONSTRAINT bono_deposit_file_nb_of_txs_check;
ALTER TABLE bono_deposit_file DROP CONSTRAINT bono_deposit_file_ctrl_sum_centavos_check;
ALTER TABLE bono_deposit_file ADD CONSTRAINT bono_deposit_file_totals_check
  CHECK ((nb_of_txs > 0 AND ctrl_sum_centavos > 0)
    OR (sha256 = '0000000000000000000000000000000000000000000000000000000000000000'
      AND nb_of_txs >= 0 AND ctrl_sum_centavos >= 0));

-- A file's deposits are found by their EndToEndId, which starts with B<round>F<file>P and no other
-- file's does: a range of the primary key. Byte order makes that range exact whatever the
-- database's collation (the ids are ASCII letters and digits). The separate index on file_id
-- cost about a sixth of recording each deposit (0.4 of 2.4 s for 500,000 rows).
ALTER TABLE bono_deposit ALTER COLUMN end_to_end_id TYPE text COLLATE "C";
DROP INDEX bono_deposit_by_file;

-- The export's page statement reads each deposit entitlement's amount, deadline, bank and account:
-- carried in the index it scans, the page reads no bono_entitlement heap page once autovacuum has
-- marked them all-visible (0.25 of 4.4 CPU seconds of page statements on the bench country). The
-- index holds only the deposit entitlements, about one in seven, so the freeze pays little for it.
DROP INDEX bono_entitlement_deposit;
CREATE INDEX bono_entitlement_deposit ON bono_entitlement (round_id, person_id)
  INCLUDE (amount_centavos, deadline, bank_bic, account_number) WHERE channel = 'deposit';
