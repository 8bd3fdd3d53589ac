import type { WealthTaxFailure, WealthTaxInputProblem } from '../../wealth-tax/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { RULES_ES } from './rules.ts';

const PROBLEM: Record<WealthTaxInputProblem, string> = {
  missing: 'falta',
  format: 'no tiene el formato esperado',
  range: 'está fuera del rango admitido',
  conflict: 'no concuerda con el resto de los datos',
};

const FIELD: Record<string, string> = {
  kind: 'el tipo de aviso (determinación, recordatorio o multa)',
  on: 'la fecha del aviso (un recordatorio hasta el vencimiento, una multa después)',
  nit: 'el NIT',
  fullName: 'el nombre completo',
  departmentCode: 'el departamento',
  identity: 'la identidad (dé un CI o un pasaporte, no ambos)',
  'passport.number': 'el número de pasaporte',
  'passport.country':
    'el país del pasaporte (un extranjero o boliviano sin CI; un CI boliviano se registra como CI)',
  'ci.number': 'el número de CI',
  'ci.dateOfBirth': 'la fecha de nacimiento',
  daysInBolivia: 'los días en Bolivia (0 a 366)',
  regime: 'el régimen matrimonial',
  spouseNit: 'el NIT del cónyuge',
  filingKey: 'la clave de la presentación',
  filedOn: 'la fecha de presentación (posterior al 31 de diciembre de la gestión)',
  reason: 'el motivo de la rectificación',
  paymentId: 'el identificador del pago',
  paidOn: 'la fecha de pago',
  amount: 'el monto',
  currency: 'la moneda',
  representative: 'la cuenta del representante (su nombre de usuario)',
  validFrom: 'el inicio del mandato',
  validTo: 'el fin del mandato (igual o posterior al inicio)',
  mandateId: 'el número del mandato',
};

const field = (f: string) =>
  FIELD[f] ??
  (f.endsWith('.ownership') ? `la titularidad (${f}): un bien ganancial requiere régimen de gananciales` : f);

/** Spanish words for the wealth tax's failures. */
export const WEALTH_TAX_ES: Catalogue<WealthTaxFailure> = {
  wealth_tax_input_invalid: {
    title: 'Un dato no es válido.',
    detail: (f) => `Un dato no es válido: ${field(f.field)} ${PROBLEM[f.problem]}.`,
  },
  taxpayer_not_found: {
    title: 'No hay contribuyente con ese NIT.',
    detail: (f) => `No hay contribuyente del Impuesto a las Grandes Fortunas con el NIT ${f.nit}.`,
  },
  taxpayer_exists: {
    title: 'El contribuyente ya está registrado.',
    detail: (f) =>
      f.by === 'nit'
        ? `El NIT ${f.nit} ya está registrado.`
        : f.by === 'person'
          ? 'Esa persona ya está registrada con otro NIT.'
          : 'Ese pasaporte ya está registrado con otro NIT.',
  },
  taxpayer_person_not_in_registry: {
    title: 'La persona no está en el registro.',
    detail: (f) =>
      `Nadie en el registro tiene el CI ${f.ciNumber} con ese complemento y esa fecha de nacimiento.`,
  },
  not_mandated: {
    title: 'No tiene mandato de este contribuyente.',
    detail: (f) =>
      `Su cuenta no tiene hoy un mandato vigente del contribuyente con NIT ${f.nit} (no se otorgó, venció o fue revocado): solo puede declarar y consultar por los contribuyentes que lo designaron su representante. Pida al SIN que registre el mandato.`,
  },
  mandate_not_found: {
    title: 'No hay ese mandato.',
    detail: (f) => `No hay un mandato con el número ${f.mandateId}.`,
  },
  mandate_revoked: {
    title: 'El mandato ya fue revocado.',
    detail: (f) => `El mandato número ${f.mandateId} ya estaba revocado: queda como estaba.`,
  },
  spouse_not_found: {
    title: 'El cónyuge no está registrado.',
    detail: (f) => `No hay contribuyente con el NIT ${f.nit}: registre primero al cónyuge.`,
  },
  residence_missing: {
    title: 'Falta la residencia de la gestión.',
    detail: (f) =>
      `Registre los días que el contribuyente ${f.nit} permaneció en Bolivia en la gestión ${f.fortuneYear} antes de su declaración.`,
  },
  input_invalid: RULES_ES.input_invalid,
  declaration_year_mismatch: {
    title: 'La gestión no coincide.',
    detail: (f) =>
      `La declaración dice gestión ${f.declaredYear}, pero se presenta para la gestión ${f.fortuneYear}.`,
  },
  declaration_not_found: {
    title: 'No hay declaración.',
    detail: (f) => `No hay declaración del NIT ${f.nit} para la gestión ${f.fortuneYear}.`,
  },
  import_header_invalid: {
    title: 'El encabezado del archivo no es el esperado.',
    detail: (f) => `La primera línea del archivo CSV debe ser: ${f.expected}`,
  },
  import_json_invalid: {
    title: 'El archivo JSON no se puede leer.',
    detail: (f) => `El archivo JSON está mal formado cerca de la línea ${f.line}: no se importó nada.`,
  },
  import_format_unknown: {
    title: 'Formato de archivo desconocido.',
    detail: (f) => `No se sabe leer ${f.fileName}: envíe un archivo .csv o .json.`,
  },
  nothing_to_amend: {
    title: 'No hay declaración que rectificar.',
    detail: (f) =>
      `El NIT ${f.nit} no presentó declaración para la gestión ${f.fortuneYear}: presente la original.`,
  },
  filing_key_conflict: {
    title: 'La clave de presentación ya se usó.',
    detail: (f) => `La clave ${f.filingKey} ya se usó para otra declaración.`,
  },
  wealth_tax_not_in_force: {
    title: 'El impuesto no rige para esa fecha.',
    detail: (f) => `El Impuesto a las Grandes Fortunas no rige al ${f.on} (se aplica desde la gestión 2020).`,
  },
  payment_conflict: {
    title: 'El identificador de pago ya se usó.',
    detail: (f) => `El pago ${f.paymentId} ya está registrado con otros datos.`,
  },
  payment_currency_refused: {
    title: 'No se acepta esa moneda.',
    detail: (f) =>
      `No se acepta el pago en ${f.currency} el ${f.on}: se paga en bolivianos, o en dólares desde el exterior al tipo de cambio oficial del día.`,
  },
  no_overpayment: {
    title: 'No hay pago en exceso.',
    detail: (f) =>
      `El NIT ${f.nit} no tiene un pago en exceso suficiente en la gestión ${f.fortuneYear} (saldo a favor: ${f.overpaidCentavos} centavos).`,
  },
};
