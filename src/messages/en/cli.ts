import type { Catalogue } from '../catalogue.ts';
import type { CliFailure } from '../cli.failures.ts';

/** The `ayni` commands' own failures in English (statuses: ../status/cli.ts). */
export const CLI_EN: Catalogue<CliFailure> = {
  // ayni rules …
  missing_option: {
    title: 'A required option is missing.',
    detail: (f) => {
      switch (f.expected) {
        case 'date':
          return `${f.option} is required (a date YYYY-MM-DD).`;
        case 'declaration':
          return `--declaration FILE is required for ${f.programme} (a YAML or JSON declaration; see docs/rules.md).`;
        case 'person':
          return `--ci and --dob are required for ${f.programme}: the person is found by CI number, complemento (--complemento, if any) and date of birth.`;
      }
    },
  },
  bad_date: {
    title: 'The date is not a date YYYY-MM-DD.',
    detail: (f) => `${f.option} "${f.value}" is not a date YYYY-MM-DD.`,
  },
  bad_lang: {
    title: '--lang must be es or en.',
    detail: (f) => `--lang must be es or en, not "${f.value}".`,
  },
  bad_override: {
    title: 'A parameter override must be name=value.',
    detail: (f) => `--set "${f.value}" must be name=value, e.g. bono_age_limit_applies=false.`,
  },
  bad_first_dose: {
    title: '--first-dose must be PRODUCT@DATE.',
    detail: (f) =>
      `--first-dose must be PRODUCT@DATE, e.g. sputnik_v@2021-03-01; products: ${f.products.join(', ')}.`,
  },
  declaration_unreadable: {
    title: 'The declaration file cannot be read.',
    detail: (f) => `Cannot read ${f.file}: ${f.reason}`,
  },
  no_preview: {
    title: 'This programme has no population preview.',
    detail: (f) =>
      `${f.programme} has no population preview: its declarations are not in the registry. Use "ayni rules explain ${f.programme} --declaration FILE".`,
  },
  person_not_in_registry: {
    title: 'No person with that identity card number, complemento and date of birth is in the registry.',
    detail: (f) => {
      const complemento = f.complemento === '' ? 'no complemento' : `complemento ${f.complemento}`;
      const hint =
        f.othersWithCi > 0
          ? ` ${f.othersWithCi} person(s) with CI ${f.ciNumber} have another complemento or date of birth: check both (persons who share a CI number are told apart by the complemento, e.g. 1A).`
          : ` Nobody has CI ${f.ciNumber}: check the number, and that the registry was imported (ayni registry status).`;
      return `No person with CI ${f.ciNumber}, ${complemento}, born ${f.dateOfBirth} is in the registry.${hint}`;
    },
  },
  // ayni registry import, ayni sources import
  bad_encoding: {
    title: '--encoding must be auto, utf-8 or latin1.',
    detail: (f) => `--encoding must be auto, utf-8 or latin1, not "${f.value}".`,
  },
  grievance_id_invalid: {
    title: 'A grievance is named by its number.',
    detail: (f) => `"${f.value}" is not a grievance number.`,
  },
  round_id_invalid: {
    title: 'A round is named by its number.',
    detail: (f) => `"${f.value}" is not a round number.`,
  },
  round_replay_differs: {
    title: 'The round does not replay to its hash.',
    detail: (f) => `Round ${f.roundId} does not replay to its hash; first differences: ${f.firstDifferences}`,
  },
  bank_mismatch: {
    title: 'A bank records payouts for itself only.',
    detail: (f) => `${f.actor} records payouts for ${f.organisation ?? 'no bank'}, not for ${f.bank}.`,
  },
};
