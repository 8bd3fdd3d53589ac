/**
 * The failures of the `ayni` commands themselves (docs/adr/0009-one-failure-model.md). The union is
 * declared in src/messages/cli.failures.ts, beside its words: src/messages may not import src/cli
 * (the interfaces sit above it). Commands import it from here.
 */
export type { CliFailure, RulesCommandFailure } from '../messages/index.ts';
