-- The registry's published read model (src/registry/README.md, "Published read model"): the views
-- other domains read the population registry through, so that no bono, rules or seed statement
-- names person, person_history, import_run or a source_* table, and the registry may change its
-- tables as long as these views keep their promise. Writes stay with the registry (its imports,
-- and correctPerson for a grievance's correction).
--
-- Each view is a plain projection of one table (SELECT columns FROM table): PostgreSQL's planner
-- inlines it into the query that reads it, so a query over a view has the plan it had over the
-- table, with the same indexes (a round's freeze, the citizen look-up, the payouts).
-- Changing a view's columns or meaning is a change of contract: add a migration that replaces it
-- and change its readers in the same commit. A later migration that alters a column these views
-- read must drop and re-create them (PostgreSQL refuses to change a column a view depends on).

-- Persons: every column a programme reads, not the registry's bookkeeping of the last import that
-- updated a row.
CREATE VIEW registry_person AS
SELECT id, ci_number, complemento, expedition, given_names, first_surname, second_surname, date_of_birth,
       sex, municipality_code, department_code, residence_country, date_of_death, created_import_id
FROM person;

COMMENT ON VIEW registry_person IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/bono, src/rules (the '
  'compiled population queries) and the seed. Promises: one row per person in the registry today, '
  'keyed by id and by (ci_number, complemento, date_of_birth), complemento being '''' when the person '
  'has none; expedition (legacy department of issue, may be null), given_names, first_surname, '
  'second_surname, date_of_birth, sex (F|M), municipality_code (INE, 6 characters), department_code '
  '(its first two digits), residence_country (ISO 3166-1 alpha-2), date_of_death (null while alive) '
  'as the last import or correction left them; created_import_id, the persons import that added the '
  'person. Its rows are read with the indexes of person (id, and the natural key).';

-- What changed a person: a round's replay undoes the changes made after its freeze.
CREATE VIEW registry_person_history AS
SELECT id, person_id, old_values
FROM person_history;

COMMENT ON VIEW registry_person_history IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/bono (a round records '
  'the last id and its replay undoes later changes). Promises: one row per change of a person by an '
  'import or a correction, id growing in the order they were made; old_values is a jsonb object of '
  'the columns the change altered (named as in registry_person) with the values they held before it.';

-- Which import a round read.
CREATE VIEW registry_import_run AS
SELECT id, kind, status
FROM import_run;

COMMENT ON VIEW registry_import_run IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/bono (a round records '
  'the persons import it read). Promises: one row per import run, id growing in the order they '
  'started; kind is ''persons'' or a source list''s name (the catalogue of src/registry/source-lists.ts), '
  'status is running, completed or failed.';

-- The snapshot in force of each source list.
CREATE VIEW registry_list_current AS
SELECT list, import_id
FROM source_list_current;

COMMENT ON VIEW registry_list_current IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/bono and src/rules (the '
  'compiled population queries). Promises: at most one row per source list (list, its name in the '
  'catalogue), import_id naming the import whose snapshot is in force; a list never imported has no row.';

-- One view per source list of the catalogue (src/registry/source-lists.ts, `view`): import_id
-- and person_id (one row per person and snapshot), then the list's own columns. Every snapshot is
-- there, not only the one in force: a frozen round replays against the snapshots it read.
CREATE VIEW registry_list_bono_universal AS
SELECT import_id, person_id FROM source_bono_universal;

CREATE VIEW registry_list_juana_azurduy AS
SELECT import_id, person_id FROM source_juana_azurduy;

CREATE VIEW registry_list_disability AS
SELECT import_id, person_id, degree, disability_type FROM source_disability;

CREATE VIEW registry_list_ibc_blind AS
SELECT import_id, person_id, ibc_number FROM source_ibc_blind;

CREATE VIEW registry_list_sip_independent AS
SELECT import_id, person_id, nua FROM source_sip_independent;

CREATE VIEW registry_list_afp_dependent AS
SELECT import_id, person_id, contributor_type, sector, last_contribution_period FROM source_afp_dependent;

CREATE VIEW registry_list_death_pension_survivors AS
SELECT import_id, person_id, survivor_degree FROM source_death_pension_survivor;

CREATE VIEW registry_list_pension_recipients AS
SELECT import_id, person_id, pension_type FROM source_pension_recipient;

CREATE VIEW registry_list_bono_familia AS
SELECT import_id, person_id, role FROM source_bono_familia;

CREATE VIEW registry_list_bank_accounts AS
SELECT import_id, person_id, bank_bic, account_number FROM source_bank_account;

COMMENT ON VIEW registry_list_bono_universal IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list bono-universal, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id).';
COMMENT ON VIEW registry_list_juana_azurduy IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list juana-azurduy, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id).';
COMMENT ON VIEW registry_list_disability IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list disability, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with degree '
  '(leve|moderada|grave|muy_grave) and disability_type.';
COMMENT ON VIEW registry_list_ibc_blind IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list ibc-blind, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with ibc_number.';
COMMENT ON VIEW registry_list_sip_independent IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list sip-independent, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with nua.';
COMMENT ON VIEW registry_list_afp_dependent IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list afp-dependent, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with contributor_type '
  '(dependiente|consultor), sector (publico|privado) and last_contribution_period (a date, the '
  'first of the month).';
COMMENT ON VIEW registry_list_death_pension_survivors IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list death-pension-survivors, every snapshot: one row '
  'per import_id (see registry_list_current) and person_id (registry_person.id), with '
  'survivor_degree (1|2).';
COMMENT ON VIEW registry_list_pension_recipients IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list pension-recipients, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with pension_type.';
COMMENT ON VIEW registry_list_bono_familia IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/rules (the compiled '
  'population queries). Promises: the source list bono-familia, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with role '
  '(beneficiario|cobrador).';
COMMENT ON VIEW registry_list_bank_accounts IS
  'Owned by the registry (src/registry, src/registry/README.md); read by src/bono (a round''s deposit '
  'channel) and src/rules. Promises: the source list bank-accounts, every snapshot: one row per '
  'import_id (see registry_list_current) and person_id (registry_person.id), with bank_bic (a '
  'Bolivian BIC) and account_number (digits), a single-holder account.';
