-- Late charges follow the declaration (issue #20, defect): an amendment after the late charges
-- were settled recomputes them on the amended tax. The charges booked before are reversed on the
-- ledger (transfer `reversed_by`) and the new ones booked under ids of the amending declaration; a
-- reversed charge stays in the table as history and no longer counts in the balance.
ALTER TABLE wealth_tax_charge ADD COLUMN reversed_by text;
ALTER TABLE wealth_tax_charge ADD COLUMN declaration_id bigint REFERENCES wealth_tax_declaration (id);
