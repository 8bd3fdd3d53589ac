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
import { availableParallelism } from 'node:os';
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
 * Validates several XML files against one XSD, in as few runs of the validator as their size allows
 * and those runs side by side: each run is a worker thread of its own that starts xmllint, compiles
 * its WebAssembly and parses the schema (about a quarter of a CPU second), then validates its
 * files one after another. The files of a run are held in memory together, so a run takes files
 * up to `maxBytesPerRun` (32 MiB; a larger file runs alone), and at most `parallel` runs (the
 * machine's cores, at most 4) go at once. A run whose every file validates answers for them all;
 * any other outcome (an invalid or malformed file, the validator failing) validates that run's
 * files again one by one with validateXmlFile, so that each failure is exactly the one it gives.
 * Answers in the order of `xmlPaths`.
 *
 * @example
 *   const checked = await validateXmlFiles(['out/a.xml', 'out/b.xml'], 'schemas/iso20022/pain/pain.001.001.03.xsd');
 *   const invalid = checked.filter((c) => !c.ok);
 */
export async function validateXmlFiles(
  xmlPaths: readonly string[],
  xsdPath: string,
  options: XsdOptions & { parallel?: number; maxBytesPerRun?: number } = {},
): Promise<Result<XsdValid, XsdFailure>[]> {
  const results: Result<XsdValid, XsdFailure>[] = new Array(xmlPaths.length);
  const one = async (i: number) => {
    results[i] = await validateXmlFile(xmlPaths[i]!, xsdPath, options);
  };
  let schema: string;
  const sizes: number[] = [];
  try {
    schema = await loadSchema(xsdPath);
    for (const xmlPath of xmlPaths) sizes.push((await stat(xmlPath)).size);
  } catch {
    // Each file's own validation says what is wrong (the schema or the file unreadable).
    for (let i = 0; i < xmlPaths.length; i++) await one(i);
    return results;
  }
  const parallel = Math.max(1, options.parallel ?? Math.min(4, availableParallelism()));
  const maxBytes = options.maxBytesPerRun ?? MAX_BYTES_PER_RUN;
  // At least as many runs as may go at once, more when the files are larger than a run holds;
  // each file to the lightest run so far, largest first.
  const total = sizes.reduce((s, n) => s + n, 0);
  const runCount = Math.min(xmlPaths.length, Math.max(parallel, Math.ceil(total / maxBytes)));
  const runs = Array.from({ length: runCount }, () => ({ bytes: 0, files: [] as number[] }));
  const bySize = xmlPaths.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
  for (const i of bySize) {
    const lightest = runs.reduce((min, run) => (run.bytes < min.bytes ? run : min));
    lightest.bytes += sizes[i]!;
    lightest.files.push(i);
  }
  const queue = runs.filter((run) => run.files.length > 0);
  const runOne = async (files: number[]) => {
    // Files in their given order within the run; distinct names, as xmllint reports by name.
    files.sort((a, b) => a - b);
    const names = files.map((i, k) => `f${k}_${safeFileName(xmlPaths[i]!)}`);
    let allValid = false;
    try {
      const xml = [];
      for (const [k, i] of files.entries())
        xml.push({ fileName: names[k]!, contents: await readFile(xmlPaths[i]!) });
      const result = await validateXML({
        xml,
        schema: [{ fileName: 'schema.xsd', contents: schema }],
        stream: true,
        maxMemoryPages: MAX_WASM_MEMORY_PAGES,
      });
      // Valid only when xmllint says so for each file and says nothing else (a file that does not
      // parse may be reported as validating as well as failing to parse).
      const expected = names.map((name) => `${name} validates`).join('\n');
      allValid = result.valid && result.rawOutput.trim() === expected;
    } catch {
      allValid = false;
    }
    for (const i of files) {
      if (allValid) {
        const identity = await identifyMessage(xmlPaths[i]!);
        results[i] = ok({
          xmlPath: xmlPaths[i]!,
          xsdPath,
          messageName: 'rootName' in identity ? identity.messageName : undefined,
        });
      } else {
        await one(i);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let run = queue.shift(); run !== undefined; run = queue.shift()) await runOne(run.files);
    }),
  );
  return results;
}

/** The most XML one run of the validator holds in memory at once (validateXmlFiles). */
const MAX_BYTES_PER_RUN = 32 * 1024 * 1024;

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
