import type {
  InvalidValueField,
  Iso20022Failure,
  Pain001TotalsFailure,
} from '../../interchange/iso20022/index.ts';
import { formatAmountCentavos, schemaFileInArea } from '../../interchange/iso20022/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos del intercambio ISO 20022 en castellano (estados: ../status/iso20022.ts). */

/** Qué está mal en cada valor que un lector no puede omitir. */
const INVALID: Record<InvalidValueField, (value: string) => string> = {
  transaction_amount: (v) => `el monto de la transacción «${v}» no es un monto en centavos`,
  entry_amount: (v) => `el monto del asiento «${v}» falta o no es un monto en centavos`,
  entry_currency: () => 'el monto del asiento no tiene moneda (Ccy)',
  entry_credit_debit: (v) => `el CdtDbtInd del asiento «${v}» no es CRDT ni DBIT`,
  entry_status: () => 'el asiento no tiene estado (Sts)',
  summary_count: (v) => `la cantidad de TxsSummry «${v}» no es un número entero`,
  summary_sum: (v) => `la suma de TxsSummry «${v}» no es un monto en centavos`,
};

/** Los totales declarados y los recibidos. */
function totals(f: Pain001TotalsFailure): string {
  const declared =
    f.expectedTransactionCount === undefined
      ? 'sin totales declarados'
      : `declaradas ${f.expectedTransactionCount} transacciones / ${formatAmountCentavos(f.expectedControlSumCentavos!)} BOB`;
  return `${declared}, recibidas ${f.actualTransactionCount} / ${formatAmountCentavos(f.actualControlSumCentavos)} BOB`;
}

export const ISO20022_ES: Catalogue<Iso20022Failure> = {
  file_unreadable: {
    title: 'No se puede leer el archivo.',
    detail: (f) => `No se puede leer ${f.filePath}.`,
  },
  xml_malformed: {
    title: 'El archivo no es XML bien formado.',
    detail: (f) =>
      f.parserMessage !== undefined
        ? `XML mal formado: ${f.parserMessage}${f.line === undefined ? '' : ` (línea ${f.line})`}`
        : f.headBytes !== undefined
          ? `no hay elemento raíz en los primeros ${f.headBytes} bytes`
          : 'el archivo no contiene ningún elemento XML',
  },
  xml_encoding_unsupported: {
    title: 'No se lee la codificación del archivo.',
    detail: (f) =>
      f.declared === undefined
        ? 'el archivo está en UTF-16; los archivos ISO 20022 van en UTF-8'
        : `el archivo declara la codificación ${f.declared}; solo se leen UTF-8 (la norma ISO 20022) e ISO-8859-1`,
  },
  message_unexpected: {
    title: 'El archivo no es el mensaje ISO 20022 esperado.',
    detail: (f) => {
      const expected =
        f.expected === 'camt.054'
          ? 'una notificación camt.054 (ni camt.052/053)'
          : 'un informe de estado pain.002';
      return f.found === undefined
        ? `el archivo no es ${expected}: falta su elemento principal`
        : `el archivo es un ${f.found}, no ${expected}`;
    },
  },
  message_incomplete: {
    title: 'Al mensaje le falta un elemento imprescindible.',
    detail: () => 'el pain.002 no tiene OrgnlGrpInfAndSts (información del grupo original)',
  },
  value_invalid: {
    title: 'Un valor que el mensaje necesita no se puede leer.',
    detail: (f) => `${INVALID[f.field](f.value ?? '')} (línea ${f.line})`,
  },
  xsd_invalid: {
    title: 'El archivo no valida contra su XSD.',
    detail: (f) => {
      const first = f.issues[0]!;
      const where = `${first.line === undefined ? '' : ` en la línea ${first.line}`}${first.element === undefined ? '' : ` (${first.element})`}`;
      return `${f.xmlPath} no valida contra ${f.xsdName}: ${f.issueCount} problema(s), el primero${where}: ${first.message}`;
    },
  },
  schema_not_found: {
    title: 'No está el XSD del mensaje.',
    detail: (f) => {
      switch (f.reason) {
        case 'xsd_unreadable':
          return `no se puede leer el XSD ${f.schemaPath}`;
        case 'no_namespace':
          return `el elemento raíz de ${f.xmlPath} no nombra un espacio de nombres ISO 20022${f.namespaceMiscased ? ' (está declarado como Xmlns, que XML no reconoce)' : ''}`;
        case 'not_in_folder':
          return `no hay XSD para ${f.messageName} en ${f.schemaPath}`;
        case 'not_at_path':
          return `No hay un XSD de ${f.messageName} en ${f.schemaPath}: indique el archivo .xsd o una carpeta que contenga ${schemaFileInArea(f.messageName ?? '')}.`;
      }
    },
  },
  pain001_spec_invalid: {
    title: 'Los datos del archivo pain.001 no son válidos.',
    detail: (f) => `los datos del archivo pain.001 no son válidos: ${f.problems.join('; ')}`,
  },
  pain001_file_exists: {
    title: 'El archivo pain.001 ya existe.',
    detail: (f) => `${f.filePath} ya existe; puede que ya se haya enviado al banco, así que no se reemplaza`,
  },
  pain001_empty: {
    title: 'Un archivo pain.001 tiene al menos una transacción.',
    detail: () => 'no se dio ninguna transacción: un archivo pain.001 tiene al menos una',
  },
  pain001_transactions_invalid: {
    title: 'Algunas transacciones del archivo pain.001 fueron rechazadas.',
    detail: (f) =>
      `${f.issueCount} problema(s) en transacciones, el primero en la posición ${f.issues[0]!.index + 1}: ${f.issues[0]!.message}; ${totals(f)}`,
  },
  pain001_totals_mismatch: {
    title: 'Los totales del pain.001 difieren de los declarados.',
    detail: (f) =>
      f.headerWholeDigits !== undefined
        ? `${f.actualTransactionCount} transacciones / ${formatAmountCentavos(f.actualControlSumCentavos)} BOB no caben en la cabecera de un pain.001 (CtrlSum tiene como máximo ${f.headerWholeDigits} cifras de BOB enteros)`
        : `los totales difieren de los declarados: ${totals(f)}`,
  },
  pain001_batch_empty: {
    title: 'Un lote tiene al menos una transacción.',
    detail: () => 'un lote tiene al menos una transacción',
  },
  pain001_text_mode_mismatch: {
    title: 'La transacción se preparó para otro modo de texto.',
    detail: (f) =>
      `la transacción ${f.endToEndId} se preparó para texto ${f.prepared}; el archivo es ${f.file}`,
  },
  pain001_instruction_id_explicit: {
    title: 'Un lote ya formateado no lleva InstrId explícito.',
    detail: (f) => `la transacción ${f.endToEndId} tiene un InstrId explícito`,
  },
  pain001_batch_out_of_order: {
    title: 'Un lote va en orden ascendente de EndToEndId.',
    detail: (f) => `el EndToEndId «${f.endToEndId}» no va después de «${f.after}»`,
  },
  pain002_other_message: {
    title: 'El informe responde a otro mensaje.',
    detail: (f) =>
      `el informe responde al mensaje ${f.reportedOriginalMessageId}, no a ${f.originalMessageId}`,
  },
  pain002_original_message_id_missing: {
    title: 'El informe no nombra el mensaje original.',
    detail: () =>
      'el informe no nombra OrgnlMsgId, así que no se puede asociar a un archivo; asócielo a mano e indique el identificador del mensaje',
  },
  pain002_not_for_credit_transfer: {
    title: 'El informe no responde a una transferencia.',
    detail: (f) => `el informe responde a un ${f.originalMessageNameId}, no a una transferencia pain.001`,
  },
  original_invalid: {
    title: 'El archivo original repite un identificador.',
    detail: (f) =>
      f.repeated === 'payment_information_id'
        ? `el bloque de pago ${f.id} figura dos veces en el original`
        : `el EndToEndId ${f.id} figura dos veces en el original`,
  },
};
