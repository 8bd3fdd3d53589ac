-- Imports of sworn declarations (issue #20 §2, src/wealth-tax/declaration-import.ts): a CSV or JSON
-- file of filings, with the counting and quarantine rules of every ayni import (ADR 0002): read =
-- accepted + rejected, each rejected row with its line and reason, the whole import in one
-- transaction, and the same file (by its SHA-256) imported at most once — a second import answers
-- with the first one's counts. Only this domain's SQL names these tables; a rejected row keeps its
-- line, its NIT and the reason, never the declared items.
CREATE TABLE wealth_tax_import (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_sha256 text NOT NULL UNIQUE CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL CHECK (length(file_name) <= 255),
  format text NOT NULL CHECK (format IN ('csv', 'json')),
  rows_read integer NOT NULL CHECK (rows_read >= 0),
  rows_accepted integer NOT NULL CHECK (rows_accepted >= 0),
  rows_rejected integer NOT NULL CHECK (rows_rejected >= 0),
  declarations_filed integer NOT NULL CHECK (declarations_filed >= 0),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL,
  CHECK (rows_read = rows_accepted + rows_rejected)
);

CREATE TABLE wealth_tax_import_reject (
  import_id bigint NOT NULL REFERENCES wealth_tax_import (id),
  line integer NOT NULL CHECK (line >= 1),
  nit text,
  reason text NOT NULL,
  PRIMARY KEY (import_id, line)
);
