import type { ReportWords } from '../../cases/index.ts';
import { formatDate, formatInstant, formatNumber, plural } from '../format.ts';

/** Spanish words of the technical report for the prosecutors (src/cases/report.pdf.ts). */
export const CASE_REPORT_ES: ReportWords = {
  documentTitle: 'Informe técnico para la Fiscalía',
  heading: 'Informe técnico para el Ministerio Público',
  investigation: (code, title) => `Investigación ${code}: ${title}`,
  openedOn: (date) => `Abierta el ${date}.`,
  generatedFor: (reader, role, at) => `Generado para ${reader} (${role}) el ${at}.`,
  teamRole: {
    investigator: 'investigador',
    analyst: 'analista',
    prosecutor_liaison: 'enlace con la Fiscalía',
    victims_representative: 'representante de las víctimas',
  },
  summaryHeading: 'Resumen',
  counts: (findings, items, statements) =>
    `${plural(findings, 'es', { one: 'hallazgo', other: 'hallazgos' })}, ${plural(items, 'es', { one: 'elemento de evidencia citado', other: 'elementos de evidencia citados' })}, ${plural(statements, 'es', { one: 'testimonio citado', other: 'testimonios citados' })}.`,
  custodyAll: (verified) =>
    verified
      ? 'La cadena de custodia de cada elemento citado se verificó al generar este informe: entradas encadenadas y archivos guardados vueltos a calcular.'
      : 'ATENCIÓN: la cadena de custodia de al menos un elemento citado NO se verifica (ver el elemento).',
  bundleDigest:
    'SHA-256 del manifiesto del paquete para el tribunal (bundle.json) generado en el mismo instante:',
  bundleHint:
    'El tribunal lo verifica con «ayni cases verify-bundle CARPETA --digest …», que vuelve a calcular cada archivo y cada cadena desde la carpeta sola.',
  hashRule: 'Regla de encadenamiento de la custodia:',
  findingsHeading: 'Hallazgos',
  noFindings: 'La investigación no tiene hallazgos registrados que usted pueda ver.',
  finding: (n, title) => `Hallazgo ${n}. ${title}`,
  supersedes: (n) => `Corrige el hallazgo ${n}.`,
  restsOn: 'Se funda en:',
  itemSource: (id, title, kind) => `Evidencia ${id}, «${title}» (${kind})`,
  kind: {
    document: 'documento',
    photo: 'fotografía',
    video: 'video',
    audio: 'audio',
    autopsy_report: 'informe de autopsia',
    transcript: 'transcripción',
    other: 'otro',
  },
  statementSource: (id, witness, takenAt, language) =>
    `Testimonio ${id} de ${witness}, tomado el ${takenAt}, en idioma «${language}»`,
  statementItems: (audio, transcript) =>
    audio === null && transcript === null
      ? 'Sin audio ni transcripción como evidencia.'
      : [audio && `audio: evidencia ${audio}`, transcript && `transcripción: evidencia ${transcript}`]
          .filter(Boolean)
          .join('; '),
  withheld: (code) => `${code} (identidad protegida)`,
  custodyOk: (entries) =>
    `Custodia verificada: ${plural(entries, 'es', { one: 'entrada', other: 'entradas' })}, archivo vuelto a calcular.`,
  custodyBroken: (seq, problem) => `CUSTODIA NO VERIFICADA en la entrada ${seq}: ${problem}.`,
  problem: {
    altered: 'una entrada fue alterada',
    removed: 'falta una entrada',
    reordered: 'las entradas fueron reordenadas',
    head_mismatch: 'la cabeza de la cadena no coincide con la última entrada',
    blob_altered: 'el archivo guardado cambió',
    blob_missing: 'falta el archivo guardado',
  },
  annexItems: 'Anexo A. Elementos de evidencia citados',
  annexCustody: 'Anexo B. Cadena de custodia de cada elemento citado',
  sha256: 'SHA-256',
  bytes: (n) => `${n} bytes`,
  mediaType: 'tipo',
  derivedFrom: (id, derivation) => `Derivado de la evidencia ${id} (${derivation}).`,
  itemHeading: (id, title) => `Evidencia ${id}: ${title}`,
  custodyAction: {
    collected: 'recolección',
    transferred: 'traslado',
    accessed: 'acceso',
    copied: 'copia',
    analysed: 'análisis',
    derived: 'derivación',
  },
  entry: (seq, at, actor, action) => `${seq}. ${at} (UTC) · ${action} · ${actor}`,
  entryHash: (prev, hash) => `anterior ${prev}\nhash     ${hash}`,
  page: (n, total) => `Página ${n} de ${total}`,
  watermark: (reader, at) => `Copia de ${reader}, generada el ${at}. Reservado.`,
  instant: (d) => `${formatInstant(d, 'es')} (hora de Bolivia)`,
  date: (iso) => formatDate(iso, 'es'),
  number: (n) => formatNumber(n, 'es'),
};
