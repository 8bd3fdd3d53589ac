import type { DepositFailure } from '../../bono/index.ts';
import type { Iso20022Failure } from '../../interchange/iso20022/index.ts';
import type { Catalogue, Words } from '../catalogue.ts';
import { ISO20022_ES } from './iso20022.ts';

/**
 * Account deposits' failures in Spanish (statuses: ../status/bono-deposits.ts): what an officer
 * reads on the back office when generating a round's deposit files or reconciling a bank's reply
 * is refused. `round_not_found` is worded in ./bono-rounds.ts, `round_not_approved` in ./bono.ts
 * and `schema_not_found` (the ISO 20022 validator's failure) in ./iso20022.ts, which own those
 * codes.
 */

type Here = Exclude<DepositFailure, { code: 'round_not_found' | 'round_not_approved' | 'schema_not_found' }>;

/**
 * What the ISO 20022 reader said about the file, in its words (./iso20022.ts): the failure's cause,
 * so that the officer can tell the bank what is wrong.
 */
function readerSays(cause: Iso20022Failure): string {
  const words = ISO20022_ES[cause.code] as Words<Iso20022Failure>;
  return words.detail ? words.detail(cause) : words.title;
}

export const BONO_DEPOSITS_ES: Catalogue<Here> = {
  batch_size_invalid: {
    title: 'El tamaño de lote está fuera de rango.',
    detail: (f) => `El tamaño de lote debe ser de 1 a ${f.maxBatchSize}.`,
  },
  time_invalid: {
    title: 'La hora no es una fecha válida.',
    detail: (f) =>
      f.operation === 'deposit_export'
        ? 'La hora de la exportación no es una fecha válida.'
        : 'La hora de la importación no es una fecha válida.',
  },
  deposit_file_exists: {
    title: 'Ya existe un archivo de depósito con ese nombre.',
    detail: (f) => `${f.filePath} ya existe: muévalo a otra parte o genere los archivos en otra carpeta.`,
  },
  deposit_export_running: {
    title: 'Ya se están generando los archivos de depósito de esta ronda.',
    detail: (f) =>
      `Ya se están generando los archivos de depósito de la ronda ${f.roundId}. Espere a que termine y genere de nuevo si hace falta.`,
  },
  deposit_exports_busy: {
    title: 'Ya se están generando archivos de depósito de otras rondas. Espere a que termine una.',
  },
  status_file_unreadable: {
    title: 'No se puede leer la respuesta del banco.',
    detail: (f) => {
      switch (f.stage) {
        case 'identify':
        case 'read':
          return f.cause.code === 'file_unreadable'
            ? `No se puede leer el archivo ${f.filePath}.`
            : `${f.filePath}: ${readerSays(f.cause)}`;
        case 'group_status':
          return `${f.filePath} no tiene el estado del grupo original (OrgnlGrpInfAndSts).`;
        case 'hash':
          return `No se puede leer el archivo ${f.filePath}.`;
      }
    },
  },
  status_file_unrecognised: {
    title: 'El archivo no es un informe de estado pain.002 ni una notificación camt.054.',
    detail: (f) =>
      `${f.filePath} ${f.messageName ? `es un ${f.messageName}` : 'no es un mensaje ISO 20022 (su raíz no nombra ningún espacio de nombres ISO 20022)'}: solo se concilian informes de estado pain.002 y notificaciones camt.054.`,
  },
  status_file_other_message: {
    title: 'El informe responde a otro archivo de depósito.',
    detail: (f) =>
      `El informe responde al mensaje ${f.reportedOriginalMessageId}, no al ${f.givenOriginalMessageId}.`,
  },
  status_original_unknown: {
    title:
      'El informe no nombra el mensaje original (OrgnlMsgId): identifique a mano el archivo de depósito al que responde e indique su MsgId.',
  },
  deposit_file_unknown: {
    title: 'El informe responde a un mensaje que no es un archivo de depósito generado por ayni.',
    detail: (f) =>
      `El informe responde al mensaje ${f.originalMessageId}, que no es un archivo de depósito generado por ayni.`,
  },
  status_file_not_applicable: {
    title: 'El informe no se puede aplicar al archivo de depósito al que responde.',
    detail: (f) =>
      `El informe ${f.filePath} no se puede aplicar al archivo de depósito al que responde: ${readerSays(f.cause)}`,
  },
};
