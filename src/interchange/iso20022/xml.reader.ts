/**
 * The streaming XML layer under the pain.002 and camt.054 readers: a file is read in chunks by
 * `saxes` (a conformant, non-validating streaming parser), and a message-specific sink sees each
 * element open and close with its local name, its ancestors and its text. Memory stays bounded by
 * the chunk size and the sink's own records, whatever the file size.
 *
 * Bank files are read leniently on purpose — validation against the XSD is a separate step
 * (`xsd.ts`) — so that a reply with a cosmetic defect still yields its statuses: a prefixed or
 * missing namespace, or the `Xmlns` attribute spelt with a capital (seen in Cross River samples),
 * becomes a warning, not a refusal.
 */

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import type { ReadFailure } from './iso20022.failures.ts';

/** The prefix every ISO 20022 XSD namespace shares; the message name follows it. */
export const ISO20022_NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';

/** Something odd in a file that did not stop the reading. */
export interface ReadWarning {
  code:
    | 'namespace_missing'
    | 'namespace_attribute_miscased'
    | 'amount_unreadable'
    | 'count_unreadable'
    | 'status_missing'
    | 'end_to_end_id_missing'
    | 'summary_mismatch'
    | 'currency_mismatch';
  message: string;
  line: number;
}

export type { ReadFailure } from './iso20022.failures.ts';

/** The message a file holds, from its root element's namespace. */
export interface MessageIdentity {
  /** e.g. 'pain.002.001.03'; undefined when the root carries no ISO 20022 namespace. */
  messageName: string | undefined;
  namespace: string | undefined;
  /** The namespace was declared as `Xmlns` (wrong case), which XML parsers do not honour. */
  namespaceMiscased: boolean;
  /** Local name of the root element, normally 'Document'. */
  rootName: string;
}

/** What a message sink is told about each element. */
export interface ElementContext {
  /** Local names from the root down to the element itself (the array is reused: copy to keep). */
  path: readonly string[];
  /** Local name of the element. */
  name: string;
  /** Local name of the parent, '' for the root. */
  parent: string;
  /** Local name of the grandparent, '' above the root. */
  grandparent: string;
  /** Attributes of the element (names as written, prefixes kept). */
  attributes: Readonly<Record<string, string>>;
  /** Line of the element's start tag, 1-based. */
  line: number;
}

/** A message-specific reader fed by {@link readXmlStream}. */
export interface XmlSink<T> {
  /** Called with the root element's identity before anything else; a failure stops the reading. */
  start(identity: MessageIdentity, line: number): ReadFailure | undefined;
  /** A failure stops the reading (a value the message cannot do without is unreadable). */
  open(element: ElementContext): ReadFailure | undefined;
  /** `text` is the element's own character data (CDATA included), untrimmed. */
  close(element: ElementContext, text: string): ReadFailure | undefined;
  /** Called once the document is complete; a failure is reported after the records already yielded. */
  finish(): ReadFailure | undefined;
  /** Records produced since the last call, in document order. */
  drain(): T[];
}

/** Items a streaming reader yields: its own records, then possibly one failure, last. */
export type Streamed<T> = T | { kind: 'failure'; failure: ReadFailure };

const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Streams an XML file through a sink and yields the sink's records as they complete. A malformed
 * document ends the stream with `{ kind: 'failure' }` naming the line and column; records before it
 * have been yielded already, so a consumer must look at the last item before acting on the rest.
 *
 * @example for await (const item of readXmlStream('reply.xml', sink)) if (item.kind === 'failure') …
 */
export async function* readXmlStream<T>(filePath: string, sink: XmlSink<T>): AsyncGenerator<Streamed<T>> {
  const encoding = await declaredEncoding(filePath);
  if (encoding === undefined || typeof encoding === 'object') {
    yield {
      kind: 'failure',
      failure: encoding ?? unreadable(filePath),
    };
    return;
  }
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const attributeStack: Record<string, string>[] = [];
  const lineStack: number[] = [];
  let text = '';
  let started = false;
  let stop: ReadFailure | undefined;

  const context = (attributes: Record<string, string>, line: number): ElementContext => {
    const depth = path.length;
    return {
      path,
      name: path[depth - 1] ?? '',
      parent: path[depth - 2] ?? '',
      grandparent: path[depth - 3] ?? '',
      attributes,
      line,
    };
  };

  parser.on('opentag', (tag) => {
    if (stop) return;
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    if (!started) {
      started = true;
      stop = sink.start(identify(name, tag.name, attributes), parser.line);
      if (stop) return;
    }
    path.push(name);
    attributeStack.push(attributes);
    lineStack.push(parser.line);
    text = '';
    stop = sink.open(context(attributes, parser.line));
  });
  parser.on('text', (value) => {
    text += value;
  });
  parser.on('cdata', (value) => {
    text += value;
  });
  parser.on('closetag', () => {
    if (stop) return;
    const attributes = attributeStack.pop() ?? {};
    const line = lineStack.pop() ?? parser.line;
    stop = sink.close(context(attributes, line), text);
    path.pop();
    text = '';
  });

  const stream = createReadStream(filePath, { encoding, highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      let failure: ReadFailure | undefined;
      try {
        parser.write(chunk as string);
      } catch (error) {
        failure = malformed(error, parser);
      }
      // Records completed before a failure are still handed over; the failure comes last.
      yield* sink.drain();
      failure ??= stop;
      if (failure) {
        yield { kind: 'failure', failure };
        return;
      }
    }
    try {
      parser.close();
    } catch (error) {
      yield* sink.drain();
      yield { kind: 'failure', failure: malformed(error, parser) };
      return;
    }
  } finally {
    stream.destroy();
  }
  if (stop) {
    yield { kind: 'failure', failure: stop };
    return;
  }
  yield* sink.drain();
  const finished = started ? sink.finish() : ({ code: 'xml_malformed' } satisfies ReadFailure);
  if (finished) yield { kind: 'failure', failure: finished };
}

/**
 * Finds the first well-formedness error of an XML file by streaming it through the parser, or
 * `undefined` when the file is well-formed.
 *
 * @example (await findMalformation('broken.xml'))?.line // 5
 */
export async function findMalformation(filePath: string): Promise<ReadFailure | undefined> {
  const encoding = await declaredEncoding(filePath);
  if (encoding === undefined) return unreadable(filePath);
  if (typeof encoding === 'object') return encoding;
  const parser = new SaxesParser({ position: true });
  let sawRoot = false;
  parser.on('opentag', () => {
    sawRoot = true;
  });
  const stream = createReadStream(filePath, { encoding, highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) parser.write(chunk as string);
    parser.close();
  } catch (error) {
    return malformed(error, parser);
  } finally {
    stream.destroy();
  }
  return sawRoot ? undefined : { code: 'xml_malformed', line: 1, column: 0 };
}

/**
 * Finds which ISO 20022 message a file holds from its root element, reading only its beginning.
 *
 * @example (await identifyMessage('reply.xml'))?.messageName // 'pain.002.001.03'
 */
export async function identifyMessage(filePath: string): Promise<MessageIdentity | ReadFailure> {
  const head = await readHead(filePath);
  if (head === undefined) return unreadable(filePath);
  const parser = new SaxesParser({ position: true });
  let identity: MessageIdentity | undefined;
  parser.on('opentag', (tag) => {
    identity ??= identify(localName(tag.name), tag.name, tag.attributes as Record<string, string>);
  });
  try {
    parser.write(head.toString('utf8'));
  } catch (error) {
    if (identity === undefined) return malformed(error, parser);
  }
  return (
    identity ?? {
      code: 'xml_malformed',
      headBytes: head.length,
    }
  );
}

function identify(name: string, qualifiedName: string, attributes: Record<string, string>): MessageIdentity {
  const colon = qualifiedName.indexOf(':');
  const declaration = colon === -1 ? 'xmlns' : `xmlns:${qualifiedName.slice(0, colon)}`;
  let namespace = attributes[declaration];
  let namespaceMiscased = false;
  if (namespace === undefined) {
    const miscased = Object.keys(attributes).find((key) => key.toLowerCase() === declaration);
    if (miscased !== undefined) {
      namespace = attributes[miscased];
      namespaceMiscased = true;
    }
  }
  const messageName =
    namespace?.startsWith(ISO20022_NAMESPACE_PREFIX) === true
      ? namespace.slice(ISO20022_NAMESPACE_PREFIX.length)
      : undefined;
  return { messageName, namespace, namespaceMiscased, rootName: name };
}

function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}

function unreadable(filePath: string): ReadFailure {
  return { code: 'file_unreadable', filePath };
}

function malformed(error: unknown, parser: SaxesParser): ReadFailure {
  const message = error instanceof Error ? error.message : String(error);
  // saxes prefixes its messages with "line:column: "; the numbers are returned separately.
  const parserMessage = message.replace(/^\d+:\d+: /, '');
  return {
    code: 'xml_malformed',
    parserMessage,
    line: parser.line,
    column: parser.column,
  };
}

/** The Node encoding for the file's XML declaration, or a failure for encodings ayni does not read. */
async function declaredEncoding(filePath: string): Promise<BufferEncoding | ReadFailure | undefined> {
  const head = await readHead(filePath);
  if (head === undefined) return undefined;
  if (head[0] === 0xfe || head[0] === 0xff || (head[0] === 0 && head[1] !== 0)) {
    return { code: 'xml_encoding_unsupported', line: 1 };
  }
  // Read as Latin-1 so that any byte maps to one character; a UTF-8 byte-order mark is then 'ï»¿'.
  const declaration = /^(?:\u00ef\u00bb\u00bf)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(
    head.toString('latin1'),
  );
  const name = declaration?.[1]?.toLowerCase();
  if (name === undefined || name === 'utf-8' || name === 'utf8' || name === 'us-ascii') return 'utf8';
  if (name === 'iso-8859-1' || name === 'latin1') return 'latin1';
  return {
    code: 'xml_encoding_unsupported',
    declared: declaration?.[1] ?? '',
    line: 1,
  };
}

async function readHead(filePath: string): Promise<Buffer | undefined> {
  let file: Awaited<ReturnType<typeof open>> | undefined;
  try {
    file = await open(filePath, 'r');
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await file?.close();
  }
}
