import type { ReasonCode, StatusCode } from '../../interchange/iso20022/index.ts';

/**
 * Los códigos de ISO 20022 que dan los bancos al rechazar o devolver un depósito (motivos:
 * ExternalStatusReason1Code, también en RtrInf de camt.054) y los estados (GrpSts, PmtInfSts, TxSts),
 * en castellano llano: el funcionario los ve, la persona también. El dominio
 * (src/interchange/iso20022/reason-codes.ts) guarda los códigos y quién debe actuar; tipado por
 * código, un código nuevo sin sus palabras no compila.
 */

export interface ReasonCodeWords {
  /** Each reason code's meaning. */
  reasons: Readonly<Record<ReasonCode, string>>;
  /** Each status code's meaning. */
  statuses: Readonly<Record<StatusCode, string>>;
  /** A code not in the dictionary (or a bank's own, Prtry), shown as it came. */
  unknownReason: (code: string) => string;
  /** The bank gave neither a code nor words. */
  noReason: string;
}

export const REASON_CODES_ES: ReasonCodeWords = {
  reasons: {
    AC01: 'Número de cuenta incorrecto o inexistente',
    AC02: 'Cuenta del ordenante no válida',
    AC03: 'Cuenta del beneficiario no válida',
    AC04: 'Cuenta cerrada',
    AC05: 'Cuenta del ordenante cerrada',
    AC06: 'Cuenta bloqueada',
    AC07: 'Cuenta del beneficiario cerrada',
    AC13: 'Tipo de cuenta del ordenante no admitido',
    AC14: 'Entidad financiera no válida para la operación',
    AC15: 'Los datos de la cuenta cambiaron',
    AG01: 'Operación no permitida en esta cuenta',
    AG02: 'Código de operación no válido',
    AG03: 'Tipo de operación no admitido por el banco',
    AM01: 'Monto cero',
    AM02: 'Monto superior al permitido',
    AM03: 'Moneda no admitida',
    AM04: 'Fondos insuficientes en la cuenta del ordenante',
    AM05: 'Operación duplicada',
    AM06: 'Monto inferior al mínimo',
    AM07: 'Monto bloqueado por orden judicial o de la entidad',
    AM09: 'Monto incorrecto',
    AM10: 'La suma de control no coincide con los montos',
    BE01: 'El titular de la cuenta no coincide con el beneficiario',
    BE04: 'Falta la dirección del beneficiario',
    BE05: 'El banco no reconoce al ordenante del archivo',
    BE06: 'Beneficiario desconocido para el banco',
    BE07: 'Falta la dirección del ordenante',
    CNOR: 'El banco del beneficiario no participa en el sistema de pagos',
    CURR: 'Moneda incorrecta',
    CUST: 'Rechazado a pedido del cliente',
    DNOR: 'El banco del ordenante no participa en el sistema de pagos',
    DT01: 'Fecha no válida',
    DU01: 'Identificador de mensaje (MsgId) repetido',
    DU02: 'Identificador de lote (PmtInfId) repetido',
    DU03: 'Transacción repetida',
    DU04: 'Identificador de extremo a extremo (EndToEndId) repetido',
    DU05: 'Identificador de instrucción (InstrId) repetido',
    ED05: 'Falló la liquidación entre bancos',
    FF01: 'Formato de archivo no válido',
    FF02: 'Error de sintaxis en el archivo',
    FF03: 'Tipo de pago no válido',
    FF06: 'Código de propósito no válido',
    MD07: 'Titular de la cuenta fallecido',
    MS02: 'Rechazado por el cliente sin motivo indicado',
    MS03: 'Rechazado por el banco sin motivo indicado',
    NARR: 'Motivo descrito en el texto adjunto',
    RC01: 'Código del banco (BIC) incorrecto',
    RR01: 'Falta la cuenta o identificación del ordenante',
    RR02: 'Falta el nombre o la dirección del ordenante',
    RR03: 'Falta el nombre o la dirección del beneficiario',
    RR04: 'Rechazado por motivos regulatorios',
    TM01: 'Recibido después de la hora de cierre',
  },
  statuses: {
    ACCC: 'Abonado en la cuenta del beneficiario',
    ACCP: 'Aceptado por el banco',
    ACSC: 'Pagado (liquidación completada)',
    ACSP: 'Aceptado, en proceso de pago',
    ACTC: 'Archivo aceptado técnicamente, pago aún no confirmado',
    ACWC: 'Aceptado con cambios',
    ACWP: 'Aceptado sin abonar todavía',
    BLCK: 'Bloqueado: ni abonado ni devuelto',
    CANC: 'Cancelado',
    PART: 'Aceptado en parte',
    PDNG: 'Pendiente',
    RCVD: 'Recibido por el banco',
    RJCT: 'Rechazado',
  },
  unknownReason: (code) => `Motivo ${code}`,
  noReason: 'Sin motivo indicado',
};
