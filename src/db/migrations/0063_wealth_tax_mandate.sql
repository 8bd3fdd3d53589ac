-- A taxpayer's representative's mandate (issue #20, src/wealth-tax/mandate.ts): the taxpayer gave
-- the representative's own ayni account (its username) the power to declare, amend and see the
-- assessment, balance and notices of their wealth tax, from one day to another (open-ended when
-- valid_to is NULL), as a tax officer recorded it. A representative's account reaches only the
-- taxpayers whose mandate is in force on the day asked; a revoked mandate reaches nobody from the
-- moment it is revoked. Rows are never deleted: the revocation is recorded beside the grant, and
-- both are in the audit trail.
CREATE TABLE wealth_tax_mandate (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  representative text NOT NULL CHECK (representative ~ '^[a-z][a-z0-9._-]{2,63}$'),
  valid_from date NOT NULL,
  valid_to date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL,
  revoked_by text,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IS NULL OR (revoked_reason <> '' AND length(revoked_reason) <= 500)),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX wealth_tax_mandate_representative ON wealth_tax_mandate (representative, taxpayer_id);
CREATE INDEX wealth_tax_mandate_taxpayer ON wealth_tax_mandate (taxpayer_id);
