import type { CasesFailure } from '../../cases/index.ts';
import type { Catalogue } from '../catalogue.ts';

const PROBLEM = {
  missing: 'falta',
  format: 'no tiene el formato esperado',
  range: 'está fuera del rango admitido',
  conflict: 'no concuerda con el resto de los datos',
} as const;

const ROLE: Record<string, string> = {
  investigator: 'investigador',
  analyst: 'analista',
  prosecutor_liaison: 'enlace con la Fiscalía',
  victims_representative: 'representante de las víctimas',
};

const NEEDS: Record<string, string> = {
  manage_team: 'administrar el equipo',
  record_evidence: 'registrar evidencia, personas y testimonios',
  record_analysis: 'registrar hechos y análisis',
  see_protected: 'ver identidades protegidas',
};

const ENTITY: Record<string, string> = {
  person: 'la persona',
  event: 'el hecho',
  act: 'el acto',
  item: 'el elemento de evidencia',
  statement: 'el testimonio',
};

/** Spanish words for the case files' failures. */
export const CASES_ES: Catalogue<CasesFailure> = {
  case_input_invalid: {
    title: 'Un dato no es válido.',
    detail: (f) => `Un dato no es válido: ${f.field} ${PROBLEM[f.problem]}.`,
  },
  case_not_found: {
    title: 'No hay investigación con ese código.',
    detail: (f) => `No hay investigación ${f.investigation} en cuyo equipo esté usted.`,
  },
  case_exists: {
    title: 'La investigación ya existe.',
    detail: (f) => `Ya hay una investigación con el código ${f.investigation}.`,
  },
  case_role_refused: {
    title: 'Su función en el equipo no lo permite.',
    detail: (f) =>
      `Como ${ROLE[f.teamRole] ?? f.teamRole} en esta investigación no puede ${NEEDS[f.needs] ?? f.needs}.`,
  },
  case_entity_not_found: {
    title: 'No se encontró en la investigación.',
    detail: (f) => `No se encontró ${ENTITY[f.entity] ?? f.entity} ${f.id} en esta investigación.`,
  },
  case_person_not_in_registry: {
    title: 'La persona no está en el registro.',
    detail: (f) =>
      `Nadie en el registro tiene el CI ${f.ciNumber} con ese complemento y esa fecha de nacimiento.`,
  },
  evidence_blob_missing: {
    title: 'Falta el archivo de la evidencia.',
    detail: (f) => `El depósito de evidencia no tiene el archivo ${f.sha256}.`,
  },
  custody_chain_broken: {
    title: 'La cadena de custodia no se verifica.',
    detail: (f) =>
      `La cadena de custodia del elemento ${f.itemId} está rota en la entrada ${f.seq}: ${f.description}`,
  },
};
