/**
 * Plain-language Spanish and English for the ISO 20022 status reason codes (ExternalStatusReason1Code,
 * also used as return reasons in camt.054 RtrInf) that banks give when a deposit is rejected or
 * returned, and for the status codes themselves. The officer sees these, the citizen may too.
 *
 * `party` says who must act: the beneficiary's account data (the person may collect at a bank
 * counter instead, or correct the account), ayni's file (a fix and a new file), the ministry's
 * funding, the banks, or nobody (the person died: MD07).
 */

/** Who must act on a rejection. */
export type ReasonParty = 'beneficiary_account' | 'file' | 'funding' | 'bank' | 'deceased' | 'unspecified';

export interface ReasonText {
  /** ISO 20022 name of the code, e.g. 'ClosedAccountNumber'. */
  iso: string;
  es: string;
  en: string;
  party: ReasonParty;
}

const REASONS: Readonly<Record<string, ReasonText>> = {
  AC01: {
    iso: 'IncorrectAccountNumber',
    es: 'Número de cuenta incorrecto o inexistente',
    en: 'Account number is wrong or does not exist',
    party: 'beneficiary_account',
  },
  AC02: {
    iso: 'InvalidDebtorAccountNumber',
    es: 'Cuenta del ordenante no válida',
    en: 'Debtor account is not valid',
    party: 'file',
  },
  AC03: {
    iso: 'InvalidCreditorAccountNumber',
    es: 'Cuenta del beneficiario no válida',
    en: 'Creditor account is not valid',
    party: 'beneficiary_account',
  },
  AC04: {
    iso: 'ClosedAccountNumber',
    es: 'Cuenta cerrada',
    en: 'Account is closed',
    party: 'beneficiary_account',
  },
  AC05: {
    iso: 'ClosedDebtorAccountNumber',
    es: 'Cuenta del ordenante cerrada',
    en: 'Debtor account is closed',
    party: 'funding',
  },
  AC06: {
    iso: 'BlockedAccount',
    es: 'Cuenta bloqueada',
    en: 'Account is blocked',
    party: 'beneficiary_account',
  },
  AC07: {
    iso: 'ClosedCreditorAccountNumber',
    es: 'Cuenta del beneficiario cerrada',
    en: 'Creditor account is closed',
    party: 'beneficiary_account',
  },
  AC13: {
    iso: 'InvalidDebtorAccountType',
    es: 'Tipo de cuenta del ordenante no admitido',
    en: 'Debtor account type is not allowed',
    party: 'file',
  },
  AC14: {
    iso: 'InvalidAgent',
    es: 'Entidad financiera no válida para la operación',
    en: 'An agent in the payment chain is not valid',
    party: 'bank',
  },
  AC15: {
    iso: 'AccountDetailsChanged',
    es: 'Los datos de la cuenta cambiaron',
    en: 'Account details have changed',
    party: 'beneficiary_account',
  },
  AG01: {
    iso: 'TransactionForbidden',
    es: 'Operación no permitida en esta cuenta',
    en: 'Transaction forbidden on this account',
    party: 'beneficiary_account',
  },
  AG02: {
    iso: 'InvalidBankOperationCode',
    es: 'Código de operación no válido',
    en: 'Bank operation code is not valid',
    party: 'file',
  },
  AG03: {
    iso: 'TransactionNotSupported',
    es: 'Tipo de operación no admitido por el banco',
    en: 'Transaction type not supported by the bank',
    party: 'bank',
  },
  AM01: { iso: 'ZeroAmount', es: 'Monto cero', en: 'Amount is zero', party: 'file' },
  AM02: {
    iso: 'NotAllowedAmount',
    es: 'Monto superior al permitido',
    en: 'Amount exceeds the allowed maximum',
    party: 'file',
  },
  AM03: { iso: 'NotAllowedCurrency', es: 'Moneda no admitida', en: 'Currency not allowed', party: 'file' },
  AM04: {
    iso: 'InsufficientFunds',
    es: 'Fondos insuficientes en la cuenta del ordenante',
    en: 'Insufficient funds in the debtor account',
    party: 'funding',
  },
  AM05: { iso: 'Duplication', es: 'Operación duplicada', en: 'Duplicate payment', party: 'file' },
  AM06: {
    iso: 'TooLowAmount',
    es: 'Monto inferior al mínimo',
    en: 'Amount below the minimum',
    party: 'file',
  },
  AM07: {
    iso: 'BlockedAmount',
    es: 'Monto bloqueado por orden judicial o de la entidad',
    en: 'Amount blocked by a court or the bank',
    party: 'beneficiary_account',
  },
  AM09: { iso: 'WrongAmount', es: 'Monto incorrecto', en: 'Wrong amount', party: 'file' },
  AM10: {
    iso: 'InvalidControlSum',
    es: 'La suma de control no coincide con los montos',
    en: 'Control sum does not match the amounts',
    party: 'file',
  },
  BE01: {
    iso: 'InconsistentWithEndCustomer',
    es: 'El titular de la cuenta no coincide con el beneficiario',
    en: 'Account holder does not match the beneficiary',
    party: 'beneficiary_account',
  },
  BE04: {
    iso: 'MissingCreditorAddress',
    es: 'Falta la dirección del beneficiario',
    en: 'Creditor address missing',
    party: 'file',
  },
  BE05: {
    iso: 'UnrecognisedInitiatingParty',
    es: 'El banco no reconoce al ordenante del archivo',
    en: 'Initiating party not recognised by the bank',
    party: 'file',
  },
  BE06: {
    iso: 'UnknownEndCustomer',
    es: 'Beneficiario desconocido para el banco',
    en: 'End customer unknown to the bank',
    party: 'beneficiary_account',
  },
  BE07: {
    iso: 'MissingDebtorAddress',
    es: 'Falta la dirección del ordenante',
    en: 'Debtor address missing',
    party: 'file',
  },
  CNOR: {
    iso: 'CreditorBankIsNotRegistered',
    es: 'El banco del beneficiario no participa en el sistema de pagos',
    en: 'Creditor bank is not registered in the clearing system',
    party: 'bank',
  },
  CURR: { iso: 'IncorrectCurrency', es: 'Moneda incorrecta', en: 'Incorrect currency', party: 'file' },
  CUST: {
    iso: 'RequestedByCustomer',
    es: 'Rechazado a pedido del cliente',
    en: 'Requested by the customer',
    party: 'beneficiary_account',
  },
  DNOR: {
    iso: 'DebtorBankIsNotRegistered',
    es: 'El banco del ordenante no participa en el sistema de pagos',
    en: 'Debtor bank is not registered in the clearing system',
    party: 'bank',
  },
  DT01: { iso: 'InvalidDate', es: 'Fecha no válida', en: 'Invalid date', party: 'file' },
  DU01: {
    iso: 'DuplicateMessageID',
    es: 'Identificador de mensaje (MsgId) repetido',
    en: 'Duplicate message identification',
    party: 'file',
  },
  DU02: {
    iso: 'DuplicatePaymentInformationID',
    es: 'Identificador de lote (PmtInfId) repetido',
    en: 'Duplicate payment information identification',
    party: 'file',
  },
  DU03: {
    iso: 'DuplicateTransaction',
    es: 'Transacción repetida',
    en: 'Duplicate transaction',
    party: 'file',
  },
  DU04: {
    iso: 'DuplicateEndToEndID',
    es: 'Identificador de extremo a extremo (EndToEndId) repetido',
    en: 'Duplicate end-to-end identification',
    party: 'file',
  },
  DU05: {
    iso: 'DuplicateInstructionID',
    es: 'Identificador de instrucción (InstrId) repetido',
    en: 'Duplicate instruction identification',
    party: 'file',
  },
  ED05: {
    iso: 'SettlementFailed',
    es: 'Falló la liquidación entre bancos',
    en: 'Settlement between banks failed',
    party: 'bank',
  },
  FF01: {
    iso: 'InvalidFileFormat',
    es: 'Formato de archivo no válido',
    en: 'Invalid file format',
    party: 'file',
  },
  FF02: { iso: 'SyntaxError', es: 'Error de sintaxis en el archivo', en: 'Syntax error', party: 'file' },
  FF03: {
    iso: 'InvalidPaymentTypeInformation',
    es: 'Tipo de pago no válido',
    en: 'Invalid payment type information',
    party: 'file',
  },
  FF06: {
    iso: 'InvalidCategoryPurposeCode',
    es: 'Código de propósito no válido',
    en: 'Invalid category purpose code',
    party: 'file',
  },
  MD07: {
    iso: 'EndCustomerDeceased',
    es: 'Titular de la cuenta fallecido',
    en: 'Account holder deceased',
    party: 'deceased',
  },
  MS02: {
    iso: 'NotSpecifiedReasonCustomerGenerated',
    es: 'Rechazado por el cliente sin motivo indicado',
    en: 'Rejected by the customer, reason not given',
    party: 'beneficiary_account',
  },
  MS03: {
    iso: 'NotSpecifiedReasonAgentGenerated',
    es: 'Rechazado por el banco sin motivo indicado',
    en: 'Rejected by the bank, reason not given',
    party: 'bank',
  },
  NARR: {
    iso: 'Narrative',
    es: 'Motivo descrito en el texto adjunto',
    en: 'Reason given in the accompanying text',
    party: 'unspecified',
  },
  RC01: {
    iso: 'BankIdentifierIncorrect',
    es: 'Código del banco (BIC) incorrecto',
    en: 'Bank identifier (BIC) incorrect',
    party: 'file',
  },
  RR01: {
    iso: 'MissingDebtorAccountOrIdentification',
    es: 'Falta la cuenta o identificación del ordenante',
    en: 'Debtor account or identification missing',
    party: 'file',
  },
  RR02: {
    iso: 'MissingDebtorNameOrAddress',
    es: 'Falta el nombre o la dirección del ordenante',
    en: 'Debtor name or address missing',
    party: 'file',
  },
  RR03: {
    iso: 'MissingCreditorNameOrAddress',
    es: 'Falta el nombre o la dirección del beneficiario',
    en: 'Creditor name or address missing',
    party: 'file',
  },
  RR04: {
    iso: 'RegulatoryReason',
    es: 'Rechazado por motivos regulatorios',
    en: 'Regulatory reason',
    party: 'bank',
  },
  TM01: {
    iso: 'CutOffTime',
    es: 'Recibido después de la hora de cierre',
    en: 'Received after the cut-off time',
    party: 'bank',
  },
};

const STATUSES: Readonly<Record<string, { es: string; en: string }>> = {
  ACCC: { es: 'Abonado en la cuenta del beneficiario', en: 'Credited to the creditor account' },
  ACCP: { es: 'Aceptado por el banco', en: 'Accepted by the bank (customer profile)' },
  ACSC: { es: 'Pagado (liquidación completada)', en: 'Settlement completed' },
  ACSP: { es: 'Aceptado, en proceso de pago', en: 'Accepted, settlement in process' },
  ACTC: {
    es: 'Archivo aceptado técnicamente, pago aún no confirmado',
    en: 'Technically accepted, payment not yet confirmed',
  },
  ACWC: { es: 'Aceptado con cambios', en: 'Accepted with change' },
  ACWP: { es: 'Aceptado sin abonar todavía', en: 'Accepted without posting' },
  BLCK: { es: 'Bloqueado: ni abonado ni devuelto', en: 'Blocked: neither credited nor returned' },
  CANC: { es: 'Cancelado', en: 'Cancelled' },
  PART: { es: 'Aceptado en parte', en: 'Partially accepted' },
  PDNG: { es: 'Pendiente', en: 'Pending' },
  RCVD: { es: 'Recibido por el banco', en: 'Received by the bank' },
  RJCT: { es: 'Rechazado', en: 'Rejected' },
};

/**
 * The texts of a reason code, or undefined for a code not in the dictionary (show the code and the
 * bank's AddtlInf then).
 *
 * @example describeReason('AC04')?.es // 'Cuenta cerrada'
 */
export function describeReason(code: string): ReasonText | undefined {
  return REASONS[code];
}

/**
 * One line for an officer or a citizen: the text in the language, the code, and the bank's own
 * words when it gave any.
 *
 * @example reasonLine({ code: 'AC01', additionalInfo: [] }, 'es') // 'Número de cuenta incorrecto o inexistente (AC01)'
 */
export function reasonLine(
  reason: { code?: string; proprietary?: string; additionalInfo: readonly string[] },
  lang: 'es' | 'en',
): string {
  const code = reason.code ?? reason.proprietary;
  const known = reason.code === undefined ? undefined : REASONS[reason.code];
  const extra = reason.additionalInfo.filter((s) => s !== '').join(' ');
  const head = known
    ? `${known[lang]} (${code})`
    : code !== undefined
      ? `${lang === 'es' ? 'Motivo' : 'Reason'} ${code}`
      : lang === 'es'
        ? 'Sin motivo indicado'
        : 'No reason given';
  // NARR means "see the text": the text is the substance, the code adds nothing.
  if (reason.code === 'NARR' && extra !== '') return extra;
  return extra === '' ? head : `${head}: ${extra}`;
}

/**
 * The texts of a status code (GrpSts, PmtInfSts, TxSts).
 *
 * @example describeStatus('RJCT')?.en // 'Rejected'
 */
export function describeStatus(code: string): { es: string; en: string } | undefined {
  return STATUSES[code];
}

/** Every reason code in the dictionary, for listings and tests. @example knownReasonCodes()[0] // 'AC01' */
export function knownReasonCodes(): string[] {
  return Object.keys(REASONS).sort();
}
