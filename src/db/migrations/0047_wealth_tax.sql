-- Impuesto a las Grandes Fortunas in operation (issue #20, src/wealth-tax/README.md): taxpayers
-- (NIT, identity in the registry or a passport), residence per fortune year, spouses, sworn
-- declarations with every amendment (rectificatoria) kept, the assessment of each version, and
-- payments. The tax's arithmetic is the rules' (src/rules/programmes/igf.ts); nothing here
-- restates it. Money owed and paid is on the BOB ledger (src/ledger): one receivable account per
-- taxpayer and fortune year; the tables below say what each transfer was for.
--
-- Declarations are the most sensitive data ayni holds: only the wealth-tax domain's SQL names
-- these tables (test/architecture/tables-by-owner.test.ts), every read and change is audited by
-- the service, and no view publishes them (public figures are aggregates with small cells
-- suppressed, computed by the service).
-- Every instant stored here is passed in by the caller: nothing reads the clock.

-- A taxpayer of the IGF: a natural person (Ley 1357 Art. 3 and 6). A person with a Bolivian CI is
-- linked to the registry (person_id, found by CI, complemento and date of birth); a non-resident
-- without one is known by passport and issuing country.
CREATE TABLE wealth_tax_taxpayer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nit text NOT NULL UNIQUE CHECK (nit ~ '^[0-9]{5,15}$'),
  full_name text NOT NULL CHECK (full_name <> '' AND length(full_name) <= 200),
  person_id bigint,
  passport_number text CHECK (passport_number ~ '^[A-Z0-9]{5,20}$'),
  passport_country text CHECK (passport_country ~ '^[A-Z]{2}$'),
  -- The department whose SIN office keeps the file (INE code 1–9): for the regional figures.
  department_code smallint NOT NULL CHECK (department_code BETWEEN 1 AND 9),
  marital_regime text NOT NULL DEFAULT 'none'
    CHECK (marital_regime IN ('none', 'community_property', 'separate_property')),
  spouse_taxpayer_id bigint REFERENCES wealth_tax_taxpayer (id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((person_id IS NOT NULL) OR (passport_number IS NOT NULL AND passport_country IS NOT NULL)),
  CHECK ((passport_number IS NULL) = (passport_country IS NULL)),
  CHECK (spouse_taxpayer_id IS NULL OR spouse_taxpayer_id <> id),
  CHECK (spouse_taxpayer_id IS NULL OR marital_regime <> 'none')
);
CREATE UNIQUE INDEX wealth_tax_taxpayer_person ON wealth_tax_taxpayer (person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX wealth_tax_taxpayer_passport ON wealth_tax_taxpayer (passport_country, passport_number)
  WHERE passport_number IS NOT NULL;

-- Days the taxpayer stayed in Bolivia in the 12 months up to the fortune's 31 December: more than
-- the rules' igf_residence_days_more_than (183) makes them resident that year (Ley 1357 Art. 4).
-- A correction replaces the row; the audit trail keeps the value before.
CREATE TABLE wealth_tax_residence (
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  fortune_year smallint NOT NULL CHECK (fortune_year BETWEEN 2020 AND 2100),
  days_in_bolivia smallint NOT NULL CHECK (days_in_bolivia BETWEEN 0 AND 366),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (taxpayer_id, fortune_year)
);

-- A sworn declaration as filed: version 1 is the original, each later version a rectificatoria
-- that replaces it for the assessment; none is ever changed or removed. `content` is the
-- declaration as the rules read it (items in their currency; see igf.ts DeclarationInput).
CREATE TABLE wealth_tax_declaration (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  fortune_year smallint NOT NULL CHECK (fortune_year BETWEEN 2020 AND 2100),
  version smallint NOT NULL CHECK (version >= 1),
  filed_on date NOT NULL,
  content jsonb NOT NULL,
  -- A retry of the same filing (same key) returns this row instead of filing it twice.
  filing_key text NOT NULL UNIQUE CHECK (filing_key ~ '^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$'),
  reason text CHECK (length(reason) <= 500),
  filed_by text NOT NULL,
  filed_at timestamptz NOT NULL,
  UNIQUE (taxpayer_id, fortune_year, version)
);

-- The assessment of one version of a declaration, as the rules computed it on `assessed_on`.
CREATE TABLE wealth_tax_assessment (
  declaration_id bigint PRIMARY KEY REFERENCES wealth_tax_declaration (id),
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  fortune_year smallint NOT NULL,
  assessed_on date NOT NULL,
  resident boolean NOT NULL,
  net_fortune_centavos bigint NOT NULL,
  tax_centavos bigint NOT NULL CHECK (tax_centavos >= 0),
  rate_basis_points integer,
  deadline date NOT NULL,
  -- The ledger transfer that booked this tax (absent when it is zero).
  transfer_id text,
  assessed_by text NOT NULL,
  assessed_at timestamptz NOT NULL
);
CREATE INDEX wealth_tax_assessment_year ON wealth_tax_assessment (fortune_year, taxpayer_id);

-- A payment received for a taxpayer's year, in bolivianos or US dollars (converted at the official
-- rate of its day, igf_exchange_rates), booked on the ledger under transfer id `wealth-tax:pay:<id>`.
CREATE TABLE wealth_tax_payment (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9:._/@-]{0,99}$'),
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  fortune_year smallint NOT NULL,
  paid_on date NOT NULL,
  currency text NOT NULL CHECK (currency IN ('BOB', 'USD')),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  -- Bolivianos per unit in hundred-thousandths (6.96 → 696000); 100000 for bolivianos.
  rate_hundred_thousandths bigint NOT NULL CHECK (rate_hundred_thousandths > 0),
  amount_centavos bigint NOT NULL CHECK (amount_centavos > 0),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX wealth_tax_payment_year ON wealth_tax_payment (taxpayer_id, fortune_year, paid_on);

-- Charges after the deadline (the omitted tax's UFV updating, interest, the fine) and settlements
-- of an over-payment (refund, carried to the next year), as booked on the ledger.
CREATE TABLE wealth_tax_charge (
  transfer_id text PRIMARY KEY,
  taxpayer_id bigint NOT NULL REFERENCES wealth_tax_taxpayer (id),
  fortune_year smallint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('updating', 'interest', 'fine', 'refund', 'carried_forward', 'carried_in')),
  on_day date NOT NULL,
  amount_centavos bigint NOT NULL CHECK (amount_centavos > 0),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX wealth_tax_charge_year ON wealth_tax_charge (taxpayer_id, fortune_year);
