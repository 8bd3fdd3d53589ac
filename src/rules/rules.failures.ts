/**
 * The expected failures of the rules engine (docs/adr/0009-one-failure-model.md), returned as
 * values by its exported functions; their status and words are in src/messages
 * ({status,es,en}/rules.ts). A rule evaluated on a date before a parameter's first value, and bad
 * parameter overrides, are `ParameterFailure`s of src/parameters, passed on as they are.
 *
 * Bugs (a formula reading what it did not declare, a type mismatch, a programme named in the code
 * that does not exist) throw plain `Error`s.
 */
export type RulesFailure = UnknownProgramme | InputInvalid | NotCompilableToSql | PersonNotFound;

/** A programme name from outside (the command line, a legal-case file) that names no programme. */
export interface UnknownProgramme {
  readonly code: 'unknown_programme';
  readonly programme: string;
  /** The programmes there are. */
  readonly programmes: readonly string[];
}

/**
 * A declaration, or a legal-case file, that fails its schema:
 *
 * - a declaration: the field at fault (`assets.0.market_value`, `(top)`) and what is wrong;
 * - a legal-case file: the file, where in it (a field path, or a case and the variable it
 *   expects), and what is wrong;
 * - a legal case expecting a variable its programme does not have.
 */
export type InputInvalid =
  | { readonly code: 'input_invalid'; readonly declarationField: string; readonly problem: string }
  | {
      readonly code: 'input_invalid';
      readonly caseFile: string;
      readonly at: string;
      readonly problem: string;
    }
  | {
      readonly code: 'input_invalid';
      readonly caseFile: string;
      readonly caseName: string;
      readonly unknownVariable: string;
    };

/**
 * A formula only the in-memory back end can evaluate: a variable of an entity other than the
 * population's (`not_of_population`), one summing over a declaration's items (`sums_over_items`),
 * or one reading an attribute the registry does not hold and the caller assumed no value for
 * (`attribute_not_held`).
 */
export type NotCompilableToSql =
  | {
      readonly code: 'not_compilable_to_sql';
      readonly reason: 'not_of_population';
      readonly variable: string;
      readonly entity: string;
    }
  | { readonly code: 'not_compilable_to_sql'; readonly reason: 'sums_over_items'; readonly variable: string }
  | {
      readonly code: 'not_compilable_to_sql';
      readonly reason: 'attribute_not_held';
      readonly variable: string;
      readonly attribute: string;
    };

/**
 * The (CI number, complemento, date of birth) triple names nobody. The same failure, with the
 * same words, as the bono API's look-up (src/bono/bono.failures.ts): it carries nothing of the
 * person asked for, nor of others who share the CI number — an officer's command adds that
 * itself (src/cli/rules.commands.ts).
 */
export interface PersonNotFound {
  readonly code: 'person_not_found';
}
