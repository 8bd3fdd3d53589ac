-- Source lists from other institutions, one table each, keyed to persons. Every institution sends
-- a full snapshot; each import keeps its rows under its import id and `source_list_current` points
-- at the snapshot in force, so older snapshots stay available for audits and frozen rounds.
-- Every table carries person_id, the column it would be distributed by on Citus.

CREATE TABLE source_list_current (
  list text PRIMARY KEY,
  import_id bigint NOT NULL REFERENCES import_run (id),
  since timestamptz NOT NULL DEFAULT now()
);

-- Bono Universal (2020) beneficiaries.
CREATE TABLE source_bono_universal (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- Women currently receiving the Bono Juana Azurduy.
CREATE TABLE source_juana_azurduy (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- SIPRUNPCD disability registry, with the degree of disability.
CREATE TABLE source_disability (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  degree text NOT NULL CHECK (degree IN ('leve', 'moderada', 'grave', 'muy_grave')),
  disability_type text NOT NULL
    CHECK (disability_type IN ('fisica_motora', 'visual', 'auditiva', 'intelectual', 'mental_psiquica', 'multiple')),
  PRIMARY KEY (import_id, person_id)
);

-- Instituto Boliviano de la Ceguera registry (receiving the Bono de Indigencia).
CREATE TABLE source_ibc_blind (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  ibc_number text NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- Independent insured persons (asegurados independientes) in the Sistema Integral de Pensiones.
CREATE TABLE source_sip_independent (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  nua text NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- Dependent insured persons and consultants with AFP contributions (how "has a salary" is known).
CREATE TABLE source_afp_dependent (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  contributor_type text NOT NULL CHECK (contributor_type IN ('dependiente', 'consultor')),
  sector text NOT NULL CHECK (sector IN ('publico', 'privado')),
  last_contribution_period date NOT NULL,
  PRIMARY KEY (import_id, person_id)
);

-- First- and second-degree survivors on the death-pension payrolls.
CREATE TABLE source_death_pension_survivor (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  survivor_degree smallint NOT NULL CHECK (survivor_degree IN (1, 2)),
  PRIMARY KEY (import_id, person_id)
);

-- Recipients of a pension (renta) from long-term social security.
CREATE TABLE source_pension_recipient (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  pension_type text NOT NULL CHECK (pension_type IN ('vejez', 'invalidez', 'muerte', 'riesgo_profesional', 'renta_dignidad_contributiva')),
  PRIMARY KEY (import_id, person_id)
);

-- Bono Familia (2020): beneficiaries and the parents or guardians who collected it.
CREATE TABLE source_bono_familia (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  role text NOT NULL CHECK (role IN ('beneficiario', 'cobrador')),
  PRIMARY KEY (import_id, person_id)
);

-- Registered single-holder bank accounts, for payment by deposit.
CREATE TABLE source_bank_account (
  import_id bigint NOT NULL,
  person_id bigint NOT NULL,
  line_number bigint NOT NULL,
  bank_bic text NOT NULL CHECK (bank_bic ~ '^[A-Z]{4}BO[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  account_number text NOT NULL CHECK (account_number ~ '^[0-9]{6,20}$'),
  PRIMARY KEY (import_id, person_id)
);
