/**
 * XSD validation of ISO 20022 files with libxml2 (`xmllint-wasm`: libxml2's xmllint compiled to
 * WebAssembly, so nothing native to build and the same validator as the Debian `xmllint` banks
 * and integrators use). Validation runs in xmllint's streaming mode, so libxml2 does not build a
 * tree of the document; the file itself is still handed over in memory (about 0.5 KB per pain.001
 * transaction: 50 MB for 100,000).
 *
 * The caller names the file or the folder that holds the XSDs: those ayni needs are vendored in
 * `schemas/iso20022` (the default of AYNI_ISO20022_SCHEMAS, src/shared/config.ts).
 */

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { fail, ok, type Result } from '../../shared/failure.ts';
import type { XsdFailure, XsdIssue } from './iso20022.failures.ts';
import { findMalformation, identifyMessage } from './xml.reader.ts';

export type { XsdFailure, XsdIssue } from './iso20022.failures.ts';

export interface XsdValid {
  xmlPath: string;
  xsdPath: string;
  /** The ISO 20022 message name from the file's namespace, when it has one. */
  messageName: string | undefined;
}

export interface XsdOptions {
  /** Issues kept in detail (default 100); all are counted. */
  maxReportedIssues?: number;
}

/** libxml2's own working memory for schema and stream state; the document is not held in it. */
const MAX_WASM_MEMORY_PAGES = 4096; // 256 MiB
const schemaCache = new Map<string, Promise<string>>();

/**
 * Validates an XML file against one XSD. A file that is not well-formed fails with the line and
 * column of the first error; an invalid one with each issue's line and element.
 *
 * @example
 *   const checked = await validateXmlFile('out/BNB-R1.xml', 'schemas/iso20022/pain/pain.001.001.03.xsd');
 *   if (!checked.ok && checked.error.code === 'xsd_invalid') return checked.error.issues[0];
 */
export async function validateXmlFile(
  xmlPath: string,
  xsdPath: string,
  options: XsdOptions = {},
): Promise<Result<XsdValid, XsdFailure>> {
  const maxReportedIssues = options.maxReportedIssues ?? 100;
  let schema: string;
  try {
    schema = await loadSchema(xsdPath);
  } catch {
    return fail({
      code: 'schema_not_found',
      reason: 'xsd_unreadable',
      schemaPath: xsdPath,
      messageName: undefined,
    });
  }
  let contents: Buffer;
  try {
    contents = await readFile(xmlPath);
  } catch {
    return fail({ code: 'file_unreadable', filePath: xmlPath });
  }
  const identity = await identifyMessage(xmlPath);
  const messageName = 'rootName' in identity ? identity.messageName : undefined;
  const fileName = safeFileName(xmlPath);

  let rawOutput: string;
  let valid: boolean;
  try {
    const result = await validateXML({
      xml: [{ fileName, contents }],
      schema: [{ fileName: 'schema.xsd', contents: schema }],
      stream: true,
      maxMemoryPages: MAX_WASM_MEMORY_PAGES,
    });
    rawOutput = result.rawOutput;
    valid = result.valid;
  } catch (error) {
    // In streaming mode xmllint reports a parse error only as "failed to parse": find where.
    const malformation = await findMalformation(xmlPath);
    if (malformation) return fail(malformation);
    throw error;
  }
  if (valid) return ok({ xmlPath, xsdPath, messageName });

  const issues: XsdIssue[] = [];
  let issueCount = 0;
  for (const line of rawOutput.split('\n')) {
    const issue = parseIssue(line, fileName);
    if (!issue) continue;
    issueCount++;
    if (issues.length < maxReportedIssues) issues.push(issue);
  }
  if (issueCount === 0) {
    issues.push({
      line: undefined,
      element: undefined,
      message: rawOutput.trim() || 'the validator refused the file',
    });
    issueCount = 1;
  }
  return fail({
    code: 'xsd_invalid',
    xmlPath,
    xsdName: path.basename(xsdPath),
    issues,
    issueCount,
  });
}

/**
 * Validates an ISO 20022 file against the XSD of the message its namespace names, found in
 * `schemasDir` as `<area>/<message>.xsd` or `<message>.xsd` (e.g. `pain/pain.001.001.03.xsd`).
 *
 * @example await validateIso20022File('reply.xml', 'schemas/iso20022')
 */
export async function validateIso20022File(
  xmlPath: string,
  schemasDir: string,
  options: XsdOptions = {},
): Promise<Result<XsdValid, XsdFailure>> {
  const identity = await identifyMessage(xmlPath);
  if (!('rootName' in identity)) return fail(identity);
  const messageName = identity.messageName;
  if (messageName === undefined) {
    return fail({
      code: 'schema_not_found',
      reason: 'no_namespace',
      xmlPath,
      namespaceMiscased: identity.namespaceMiscased,
      messageName,
    });
  }
  const xsdPath = await findSchema(schemasDir, messageName);
  if (xsdPath === undefined) {
    return fail({
      code: 'schema_not_found',
      reason: 'not_in_folder',
      schemaPath: schemasDir,
      messageName,
    });
  }
  return validateXmlFile(xmlPath, xsdPath, options);
}

/**
 * The path of the XSD for a message in a schema folder, or undefined.
 *
 * @example await findSchema('schemas/iso20022', 'camt.054.001.12') // '…/camt/camt.054.001.12.xsd'
 */
export async function findSchema(schemasDir: string, messageName: string): Promise<string | undefined> {
  if (!/^[a-z]{4}\.\d{3}\.\d{3}\.\d{2}$/.test(messageName)) return undefined;
  for (const candidate of [
    path.join(schemasDir, schemaFileInArea(messageName)),
    path.join(schemasDir, `${messageName}.xsd`),
  ]) {
    try {
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not there; try the next layout
    }
  }
  return undefined;
}

/**
 * Where a folder of ISO 20022 schemas keeps a message's XSD: under its business area (the name's
 * first four letters), as the ISO 20022 catalogue publishes them.
 *
 * @example schemaFileInArea('pain.001.001.03') // 'pain/pain.001.001.03.xsd'
 */
export function schemaFileInArea(messageName: string): string {
  return `${messageName.slice(0, 4)}/${messageName}.xsd`;
}

function loadSchema(xsdPath: string): Promise<string> {
  const key = path.resolve(xsdPath);
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = readFile(key, 'utf8');
    schema.catch(() => schemaCache.delete(key));
    schemaCache.set(key, schema);
  }
  return schema;
}

/** xmllint sees the file under this name; its messages start with it. */
function safeFileName(xmlPath: string): string {
  const base = path.basename(xmlPath).replace(/[^A-Za-z0-9._]/g, '_');
  return /^[A-Za-z0-9]/.test(base) ? base : `document_${base}`;
}

const ISSUE_LINE = /^(.*?):(\d+): (.*)$/;
const ELEMENT = /Element '(?:\{(?:urn|https?):[^}]*\})?([^']+)'/;

function parseIssue(line: string, fileName: string): XsdIssue | undefined {
  const m = ISSUE_LINE.exec(line);
  if (!m || m[1] !== fileName) return undefined;
  const text = m[3] ?? '';
  const element = ELEMENT.exec(text)?.[1];
  const message = text
    .replace(/^.*?validity error : /, '')
    .replace(/^Element '[^']*': /, '')
    // Namespaces in braces ({urn:iso:…}), not regular-expression quantifiers such as {6,6}.
    .replace(/\{(?:urn|https?):[^}]*\}/g, '')
    .trim();
  return { line: Number(m[2]), element, message };
}
