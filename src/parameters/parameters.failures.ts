import type { IsoDate } from '../shared/dates.ts';

/**
 * The expected failures of dated parameters (docs/adr/0009-one-failure-model.md), returned as
 * values by the loader, the value-in-force look-up and overrides; their status and words are in
 * src/messages ({status,es,en}/parameters.ts), which may import this foundation's type.
 *
 * `source` is the file the parameters were read from, as the caller named it (the CLI prints it;
 * an API answer's words drop the server's folders, src/http/problem.ts).
 */
export type ParameterFailure =
  /** A value asked for on a date before the parameter's first dated value. */
  | {
      readonly code: 'parameter_not_in_force';
      readonly parameter: string;
      readonly source: string;
      readonly on: IsoDate;
      readonly firstEffective: IsoDate;
    }
  /** Bad YAML, a missing or unknown parameter, a bad date key or value, a value without reference. */
  | { readonly code: 'parameter_file_invalid'; readonly source: string; readonly problem: string }
  /** An override that names no parameter of the file. */
  | {
      readonly code: 'unknown_parameter';
      readonly parameter: string;
      readonly source: string;
      /** The parameters the file has, in file order. */
      readonly parameters: readonly string[];
    }
  /** An override whose value breaks the parameter's schema. */
  | { readonly code: 'invalid_parameter_override'; readonly parameter: string; readonly issues: string };
