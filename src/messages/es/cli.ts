import type { Catalogue } from '../catalogue.ts';
import type { CliFailure } from '../cli.failures.ts';

/** The `ayni` commands' own failures in Spanish (statuses: ../status/cli.ts). */
export const CLI_ES: Catalogue<CliFailure> = {
  // ayni rules …
  missing_option: {
    title: 'Falta una opción obligatoria.',
    detail: (f) => {
      switch (f.expected) {
        case 'date':
          return `${f.option} es obligatoria (una fecha AAAA-MM-DD).`;
        case 'declaration':
          return `--declaration ARCHIVO es obligatoria para ${f.programme} (una declaración YAML o JSON; vea docs/rules.md).`;
        case 'person':
          return `--ci y --dob son obligatorias para ${f.programme}: la persona se busca por número de carnet, complemento (--complemento, si lo tiene) y fecha de nacimiento.`;
      }
    },
  },
  bad_date: {
    title: 'La fecha no es una fecha AAAA-MM-DD.',
    detail: (f) => `${f.option} «${f.value}» no es una fecha AAAA-MM-DD.`,
  },
  bad_lang: {
    title: '--lang debe ser es o en.',
    detail: (f) => `--lang debe ser es o en, no «${f.value}».`,
  },
  bad_override: {
    title: 'El reemplazo de un parámetro debe ser nombre=valor.',
    detail: (f) => `--set «${f.value}» debe ser nombre=valor, p. ej. bono_age_limit_applies=false.`,
  },
  bad_first_dose: {
    title: '--first-dose debe ser PRODUCTO@FECHA.',
    detail: (f) =>
      `--first-dose debe ser PRODUCTO@FECHA, p. ej. sputnik_v@2021-03-01; productos: ${f.products.join(', ')}.`,
  },
  declaration_unreadable: {
    title: 'No se puede leer el archivo de la declaración.',
    detail: (f) => `No se puede leer ${f.file}: ${f.reason}`,
  },
  no_preview: {
    title: 'Este programa no tiene vista previa de la población.',
    detail: (f) =>
      `${f.programme} no tiene vista previa de la población: sus declaraciones no están en el registro. Use «ayni rules explain ${f.programme} --declaration ARCHIVO».`,
  },
  person_not_in_registry: {
    title:
      'No hay en el registro ninguna persona con ese número de carnet, complemento y fecha de nacimiento.',
    detail: (f) => {
      const complemento = f.complemento === '' ? 'sin complemento' : `complemento ${f.complemento}`;
      const hint =
        f.othersWithCi > 0
          ? ` ${f.othersWithCi} persona(s) con CI ${f.ciNumber} tienen otro complemento u otra fecha de nacimiento: revise ambos (las personas que comparten un número de carnet se distinguen por el complemento, p. ej. 1A).`
          : ` Nadie tiene el CI ${f.ciNumber}: revise el número, y que el registro haya sido importado (ayni registry status).`;
      return `No hay en el registro ninguna persona con CI ${f.ciNumber}, ${complemento}, fecha de nacimiento ${f.dateOfBirth}.${hint}`;
    },
  },
  // ayni registry import, ayni sources import
  bad_encoding: {
    title: '--encoding debe ser auto, utf-8 o latin1.',
    detail: (f) => `--encoding debe ser auto, utf-8 o latin1, no «${f.value}».`,
  },
  grievance_id_invalid: {
    title: 'Un reclamo se indica por su número.',
    detail: (f) => `«${f.value}» no es un número de reclamo.`,
  },
  round_id_invalid: {
    title: 'Una ronda se indica por su número.',
    detail: (f) => `«${f.value}» no es un número de ronda.`,
  },
  round_replay_differs: {
    title: 'La ronda no se reproduce con su huella.',
    detail: (f) =>
      `La ronda ${f.roundId} no se reproduce con su huella; primeras diferencias: ${f.firstDifferences}`,
  },
  bank_mismatch: {
    title: 'Un banco registra solo sus propios pagos.',
    detail: (f) => `${f.actor} registra pagos de ${f.organisation ?? 'ningún banco'}, no de ${f.bank}.`,
  },
};
