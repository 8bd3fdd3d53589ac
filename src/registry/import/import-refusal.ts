import type { RegistryFailure } from '../registry.failures.ts';

/**
 * An import's expected failure on its way out of code that cannot return it: the load worker's
 * batch generator (./load-batches.ts) and the rows handed to COPY (./import-runner.ts), where only
 * an exception stops the stream and rolls the import's transaction back. Private to the import:
 * `runImport` catches it and returns its failure as a Result; nothing outside src/registry/import
 * ever sees one.
 *
 * @example throw new ImportRefusal({ code: 'import_empty_file', fileName });
 */
export class ImportRefusal extends Error {
  constructor(readonly failure: RegistryFailure) {
    super(failure.code);
    this.name = 'ImportRefusal';
  }
}
