import type { CertificatesFailure, CoseStructureProblem, DccType } from '../../certificates/index.ts';
import type { Catalogue } from '../catalogue.ts';

/** Los fallos de los certificados de vacunación en castellano (estados: ../status/certificates.ts). */

const COSE: Record<CoseStructureProblem, string> = {
  not_cbor: 'los datos no son CBOR',
  wrong_tag: 'los datos no llevan la etiqueta de un COSE_Sign1',
  not_an_array_of_four: 'el COSE_Sign1 no tiene sus cuatro partes',
  protected_header: 'la cabecera protegida no se puede leer',
  unprotected_header: 'la cabecera no protegida no se puede leer',
  payload: 'falta el contenido firmado',
  signature: 'falta la firma',
  algorithm: 'el algoritmo de firma no es ES256 ni PS256',
  claims: 'el contenido no tiene fecha de emisión y de vencimiento',
  hcert: 'el contenido no lleva exactamente un certificado (vacunación, prueba o recuperación)',
};

const KIND: Record<DccType, string> = { v: 'de vacunación', t: 'de prueba', r: 'de recuperación' };

export const CERTIFICATES_ES: Catalogue<CertificatesFailure> = {
  hc1_too_long: {
    title: 'El texto es demasiado largo para ser un certificado.',
    detail: (f) => `Un código QR lleva como máximo ${f.maxChars} caracteres; este texto tiene más.`,
  },
  hc1_prefix_invalid: {
    title: 'No es un certificado digital COVID (falta «HC1:»).',
    detail: (f) => `El texto debe empezar con «HC1:»; empieza con «${f.found}».`,
  },
  hc1_base45_invalid: {
    title: 'El código del certificado está dañado (Base45).',
    detail: (f) =>
      f.problem === 'length'
        ? 'La cantidad de caracteres no corresponde a un texto Base45: falta o sobra un carácter.'
        : f.problem === 'character'
          ? `El carácter en la posición ${(f.position ?? 0) + 1} no pertenece al alfabeto Base45.`
          : `El grupo de caracteres en la posición ${(f.position ?? 0) + 1} no es Base45 válido.`,
  },
  hc1_decompression_failed: {
    title: 'El código del certificado está dañado (no se puede descomprimir).',
    detail: () => 'Los datos no son un flujo zlib completo.',
  },
  hc1_cose_invalid: {
    title: 'El certificado no tiene la estructura de un certificado firmado.',
    detail: (f) => `El certificado no es válido: ${COSE[f.problem]}.`,
  },
  hc1_kid_unknown: {
    title: 'El certificado fue firmado con una clave que no está en la lista de confianza.',
    detail: (f) =>
      f.kid === ''
        ? 'El certificado no indica con qué clave fue firmado.'
        : `Ninguna clave de la lista de confianza tiene el identificador ${f.kid}.`,
  },
  hc1_signature_invalid: {
    title: 'La firma del certificado no es válida: fue alterado o no lo firmó quien dice.',
    detail: (f) => `La firma no corresponde a la clave ${f.kid}.`,
  },
  hc1_key_revoked: {
    title: 'La clave que firmó el certificado fue revocada.',
    detail: (f) => `La clave ${f.kid} está revocada en la lista de confianza.`,
  },
  hc1_outside_validity: {
    title: 'El certificado no está vigente.',
    detail: (f) =>
      f.problem === 'not_yet_valid'
        ? `El certificado fue emitido el ${f.issuedAt}, después del momento de la verificación (${f.at}).`
        : f.problem === 'expired'
          ? `El certificado venció el ${f.expiresAt}.`
          : 'El certificado tiene un período de vigencia fuera del de la clave que lo firmó.',
  },
  hc1_key_usage: {
    title: 'La clave que firmó el certificado no puede firmar este tipo de certificado.',
    detail: (f) => `La clave no está autorizada para certificados ${KIND[f.certificateType]}.`,
  },
  hc1_schema_invalid: {
    title: 'El contenido del certificado no cumple el esquema del certificado digital COVID de la UE.',
    detail: (f) => `En «${f.path || '/'}»: ${f.problem}.`,
  },
  hc1_revoked: {
    title: 'El certificado fue revocado.',
    detail: (f) => `El certificado figura en la lista de revocación desde el ${f.revokedOn}.`,
  },
  issuer_key_missing: {
    title: 'Falta una clave privada del emisor de certificados.',
    detail: (f) => `La clave privada ${f.kid} no está en la carpeta de claves del servidor.`,
  },
  signer_not_found: {
    title: 'No existe esa clave de firma.',
    detail: (f) => `Ninguna clave de firma tiene el identificador ${f.kid}.`,
  },
  certificate_no_doses: {
    title: 'No hay dosis registradas para emitir un certificado.',
    detail: () => 'El Registro Nominal de Vacunación no tiene ninguna dosis de esta persona.',
  },
  trust_list_not_published: {
    title: 'Todavía no hay lista de confianza.',
    detail: () => 'El emisor aún no tiene claves: no emitió ningún certificado.',
  },
  certificate_not_found: {
    title: 'No existe ese certificado.',
    detail: (f) => `Ningún certificado tiene el número ${f.certificateId}.`,
  },
};
