-- The target population kept per day (0064) is forgotten only by a write that can change it: a
-- person inserted or deleted, or an update that sets one of the columns the count reads
-- (src/vaccination/coverage.repository.ts POPULATION_COUNT: department, municipality, date of
-- birth, date of death, residence). Since 0065 every source list's import updates the list bits
-- of its members on `person` (source_list_flags, afp_last_contribution_period), and 0064's trigger
-- on any UPDATE made each list import throw the kept counts away, to be counted again over every
-- person (tens of seconds at 11.7 M) at the next reading of coverage. Merges still forget them
-- (identity_merge's trigger of 0064 is unchanged).
DROP TRIGGER person_vaccination_population ON person;
CREATE TRIGGER person_vaccination_population AFTER INSERT OR DELETE OR TRUNCATE ON person
  FOR EACH STATEMENT EXECUTE FUNCTION vaccination_population_forget();
CREATE TRIGGER person_vaccination_population_columns
  AFTER UPDATE OF department_code, municipality_code, date_of_birth, date_of_death, residence_country ON person
  FOR EACH STATEMENT EXECUTE FUNCTION vaccination_population_forget();
