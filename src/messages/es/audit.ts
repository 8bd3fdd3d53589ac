import type { AuditFailure } from '../../audit/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos del registro de auditoría en castellano (estados: ../status/audit.ts). */
export const AUDIT_ES: Catalogue<AuditFailure> = {
  bad_anchor: {
    title: '--anchor debe ser SEQ:HASH, como lo imprimió una verificación anterior.',
    detail: (f) => `--anchor "${f.value}" debe ser SEQ:HASH, como lo imprimió una verificación anterior.`,
  },
  bad_count: { title: '--last debe ser un número entero de 1 a 100000.' },
  audit_chain_broken: {
    title: 'El registro de auditoría está roto.',
    // La descripción del problema es la de la verificación (src/audit), en inglés.
    detail: (f) =>
      `Registro de auditoría ROTO (${f.kind}) en la entrada ${f.seq} — ${f.description} Se verificaron ${f.entriesChecked} entradas antes.`,
  },
};
