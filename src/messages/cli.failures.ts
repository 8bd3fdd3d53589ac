/**
 * The expected failures of the `ayni` commands themselves (docs/adr/0009-one-failure-model.md):
 * options the command line refuses before any domain is asked, and what a command says beyond a
 * domain's failure to the officer who runs it. Their words are beside this file
 * (./{status,es,en}/cli.ts); a command stops with them through `CommandFailed`
 * (src/cli/failure.ts), and imports them from src/cli/cli.failures.ts. Each group of commands
 * adds its members here.
 *
 * Declared here, not in src/cli, because src/messages sits below the interfaces: it may not import
 * src/cli (that would be a cycle, cli → messages → cli, and the lint refuses it).
 */
export type CliFailure = RulesCommandFailure | RegistryCommandFailure | BonoCommandFailure;

/** `ayni bono …` (src/cli/bono.commands.ts): an argument that is not what the command takes. */
export type BonoCommandFailure =
  | { readonly code: 'grievance_id_invalid'; readonly value: string }
  | { readonly code: 'round_id_invalid'; readonly value: string }
  /** `ayni bono round replay`: the round's rows do not hash to what was frozen (the first differences, as JSON). */
  | { readonly code: 'round_replay_differs'; readonly roundId: number; readonly firstDifferences: string }
  /** `ayni bono pay`: a bank's officer records payouts for their own bank only. */
  | {
      readonly code: 'bank_mismatch';
      readonly actor: string;
      readonly organisation: string | null;
      readonly bank: string;
    };

/**
 * `ayni registry import` and `ayni sources import` (src/cli/registry.commands.ts); a bad --as-of is
 * `bad_date`, above.
 */
export type RegistryCommandFailure = { readonly code: 'bad_encoding'; readonly value: string };

/** `ayni rules …` (src/cli/rules.commands.ts). */
export type RulesCommandFailure =
  /** A required option is absent: a date (named by `option`), a declaration file, or a person's key. */
  | { readonly code: 'missing_option'; readonly expected: 'date'; readonly option: string }
  | {
      readonly code: 'missing_option';
      readonly expected: 'declaration' | 'person';
      readonly programme: string;
    }
  /** An option that should hold a date YYYY-MM-DD holds `value`. */
  | { readonly code: 'bad_date'; readonly option: string; readonly value: string }
  | { readonly code: 'bad_lang'; readonly value: string }
  /** A `--set` that is not name=value. */
  | { readonly code: 'bad_override'; readonly value: string }
  /** A `--first-dose` that is not PRODUCT@DATE with a known product. */
  | { readonly code: 'bad_first_dose'; readonly products: readonly string[] }
  | { readonly code: 'declaration_unreadable'; readonly file: string; readonly reason: string }
  /** A programme whose population is not in the registry (the wealth tax's declarations). */
  | { readonly code: 'no_preview'; readonly programme: string }
  /**
   * Nobody in the registry has the key an officer typed, with what to check: how many persons
   * have that CI number (they differ in complemento or date of birth). The key is the officer's
   * own input, printed back on the command line; this failure never goes over HTTP.
   */
  | {
      readonly code: 'person_not_in_registry';
      readonly ciNumber: string;
      readonly complemento: string;
      readonly dateOfBirth: string;
      readonly othersWithCi: number;
    };
