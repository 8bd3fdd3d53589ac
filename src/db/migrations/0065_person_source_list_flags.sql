-- The source lists in force on the person's row (issue #17, ADR 0017): a whole-population preview
-- read person and joined the snapshots in force of the nine lists the bono's formulas name (a
-- sorted, de-duplicated union of five and an anti-join with four, sorting 9 M person ids that
-- spill at the default work_mem: 5 × its floor in CPU at 11.7 M). With the memberships on the
-- person's row the preview is one scan of person.
--
-- source_list_flags: a bit per list, or per value of the coded column a formula filters on (the
-- layout is `flags` of each list in src/registry/source-lists.ts; these numbers are fixed):
--   0 bono-universal                1 juana-azurduy
--   2–5 disability: degree leve, moderada, grave, muy_grave
--   6 ibc-blind                     7 sip-independent
--   8–9 afp-dependent: contributor_type dependiente, consultor
--   10–11 death-pension-survivors: survivor_degree 1, 2
--   12–16 pension-recipients: pension_type vejez, invalidez, muerte, riesgo_profesional,
--         renta_dignidad_contributiva
--   17–18 bono-familia: role beneficiario, cobrador
--   19 bank-accounts
-- afp_last_contribution_period: the AFP list's last contribution period of a member (a formula
-- compares it with a date), NULL for anyone else.
--
-- Each list's import writes them in its own transaction (source-import.repository.ts), a merge
-- and an unmerge for the two persons (identity-merge.ts). A round's replay and its hashed rules
-- version still join the snapshots they name (src/bono/round-snapshot.ts): the flags say only
-- what is in force now.
ALTER TABLE person
  ADD COLUMN source_list_flags integer NOT NULL DEFAULT 0,
  ADD COLUMN afp_last_contribution_period date;

UPDATE person p SET source_list_flags = f.flags, afp_last_contribution_period = f.afp
FROM (
  SELECT person_id, bit_or(b) AS flags, max(afp) AS afp FROM (
    SELECT s.person_id, 1 AS b, NULL::date AS afp
    FROM source_bono_universal s JOIN source_list_current c ON c.list = 'bono-universal' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, 2, NULL
    FROM source_juana_azurduy s JOIN source_list_current c ON c.list = 'juana-azurduy' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id,
           CASE s.degree WHEN 'leve' THEN 4 WHEN 'moderada' THEN 8 WHEN 'grave' THEN 16 WHEN 'muy_grave' THEN 32 ELSE 0 END,
           NULL
    FROM source_disability s JOIN source_list_current c ON c.list = 'disability' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, 64, NULL
    FROM source_ibc_blind s JOIN source_list_current c ON c.list = 'ibc-blind' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, 128, NULL
    FROM source_sip_independent s JOIN source_list_current c ON c.list = 'sip-independent' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, CASE s.contributor_type WHEN 'dependiente' THEN 256 WHEN 'consultor' THEN 512 ELSE 0 END,
           s.last_contribution_period
    FROM source_afp_dependent s JOIN source_list_current c ON c.list = 'afp-dependent' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, CASE s.survivor_degree WHEN 1 THEN 1024 WHEN 2 THEN 2048 ELSE 0 END, NULL
    FROM source_death_pension_survivor s
    JOIN source_list_current c ON c.list = 'death-pension-survivors' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id,
           CASE s.pension_type WHEN 'vejez' THEN 4096 WHEN 'invalidez' THEN 8192 WHEN 'muerte' THEN 16384
             WHEN 'riesgo_profesional' THEN 32768 WHEN 'renta_dignidad_contributiva' THEN 65536 ELSE 0 END,
           NULL
    FROM source_pension_recipient s
    JOIN source_list_current c ON c.list = 'pension-recipients' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, CASE s.role WHEN 'beneficiario' THEN 131072 WHEN 'cobrador' THEN 262144 ELSE 0 END, NULL
    FROM source_bono_familia s JOIN source_list_current c ON c.list = 'bono-familia' AND c.import_id = s.import_id
    UNION ALL
    SELECT s.person_id, 524288, NULL
    FROM source_bank_account s JOIN source_list_current c ON c.list = 'bank-accounts' AND c.import_id = s.import_id
  ) m
  GROUP BY person_id
) f
WHERE f.person_id = p.id;

-- The read model publishes them (its columns so far unchanged, these two after them): other
-- domains read memberships through the lists' views, the rules' previews through these.
CREATE OR REPLACE VIEW registry_person AS
SELECT id, ci_number, complemento, expedition, given_names, first_surname, second_surname, date_of_birth,
       sex, municipality_code, department_code, residence_country, date_of_death, created_import_id,
       source_list_flags, afp_last_contribution_period
FROM person
WHERE NOT EXISTS (
  SELECT 1 FROM identity_merge m WHERE m.retired_person_id = person.id AND m.status = 'approved'
);
COMMENT ON COLUMN registry_person.source_list_flags IS
  'The source lists in force the person is on: a bit per list, or per value of its coded column, '
  'as `flags` of each list in src/registry/source-lists.ts (migration 0065); kept by each list''s '
  'import in its transaction. Read by src/rules (the compiled previews).';
COMMENT ON COLUMN registry_person.afp_last_contribution_period IS
  'The last contribution period of the person''s row on the AFP list in force (afp-dependent), '
  'NULL when not on it (migration 0065).';
