/**
 * The little of ASN.1 DER that RFC 3161 timestamps need: encoding a request and walking a
 * response. Definite lengths only (DER has no other); every read is bounds-checked, so a damaged
 * or hostile response gives a `DerError`, never a read past the buffer.
 */

export class DerError extends Error {}

/** One DER element: its tag byte, where its header and content start, and where it ends. */
export interface DerNode {
  tag: number;
  /** Offset of the tag byte in the buffer. */
  start: number;
  contentStart: number;
  end: number;
  bytes: Uint8Array;
}

/** Universal tags used here. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  GENERALIZED_TIME: 0x18,
} as const;

/** A context-specific tag: `[n]`, constructed (EXPLICIT, or IMPLICIT of a constructed type) or not. */
export const contextTag = (n: number, constructed: boolean): number => 0x80 | (constructed ? 0x20 : 0) | n;

/**
 * Reads the element that starts at `offset`.
 *
 * @example const root = readNode(bytes, 0); const [status, token] = children(root);
 */
export function readNode(bytes: Uint8Array, offset: number, limit = bytes.byteLength): DerNode {
  if (offset + 2 > limit) throw new DerError(`truncated DER element at offset ${offset}`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tag at offset ${offset}`);
  let lengthByte = bytes[offset + 1]!;
  let at = offset + 2;
  let length: number;
  if (lengthByte < 0x80) length = lengthByte;
  else {
    lengthByte &= 0x7f;
    if (lengthByte === 0) throw new DerError(`indefinite length at offset ${offset} (not DER)`);
    if (lengthByte > 4) throw new DerError(`DER length of ${lengthByte} bytes at offset ${offset}`);
    if (at + lengthByte > limit) throw new DerError(`truncated DER length at offset ${offset}`);
    length = 0;
    for (let i = 0; i < lengthByte; i++) length = length * 256 + bytes[at + i]!;
    at += lengthByte;
  }
  const end = at + length;
  if (end > limit) throw new DerError(`DER element at offset ${offset} runs past its container`);
  return { tag, start: offset, contentStart: at, end, bytes };
}

/** The elements inside a constructed element, in order. */
export function children(node: DerNode): DerNode[] {
  if ((node.tag & 0x20) === 0)
    throw new DerError(`element with tag 0x${node.tag.toString(16)} is not constructed`);
  const out: DerNode[] = [];
  let at = node.contentStart;
  while (at < node.end) {
    const child = readNode(node.bytes, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The element's content bytes (a view, not a copy). */
export const content = (node: DerNode): Uint8Array => node.bytes.subarray(node.contentStart, node.end);

/** The whole element, header included (a view). */
export const whole = (node: DerNode): Uint8Array => node.bytes.subarray(node.start, node.end);

/** Asserts the element's tag; `what` names it in the error. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (node === undefined) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) {
    throw new DerError(`${what} has tag 0x${node.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  }
  return node;
}

/** An INTEGER as a bigint (two's complement). */
export function readInteger(node: DerNode): bigint {
  const c = content(node);
  if (c.byteLength === 0) throw new DerError('empty INTEGER');
  let value = 0n;
  for (const b of c) value = (value << 8n) | BigInt(b);
  if (c[0]! & 0x80) value -= 1n << BigInt(8 * c.byteLength);
  return value;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readOid(node: DerNode): string {
  const c = content(node);
  if (c.byteLength === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < c.byteLength; i++) {
    value = value * 128 + (c[i]! & 0x7f);
    if ((c[i]! & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** A GeneralizedTime (`YYYYMMDDHHMMSS[.f…]Z`, as RFC 3161 requires) as a Date. */
export function readGeneralizedTime(node: DerNode): Date {
  const text = new TextDecoder().decode(content(node));
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (m === null) throw new DerError(`GeneralizedTime ${JSON.stringify(text)} is not in the UTC form`);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
}

/** Encodes one element from its tag and content. */
export function encode(tag: number, body: Uint8Array): Uint8Array {
  const n = body.byteLength;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else {
    const lengthBytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
    header = [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  }
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

/** Concatenates encoded elements into a constructed one. */
export const sequence = (...items: Uint8Array[]): Uint8Array => encode(TAG.SEQUENCE, concat(items));

/** A non-negative INTEGER in minimal two's complement. */
export function integer(value: bigint): Uint8Array {
  if (value < 0n) throw new DerError('negative INTEGER not needed here');
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return encode(TAG.INTEGER, Uint8Array.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0)) {
    throw new DerError(`bad OID ${dotted}`);
  }
  const values = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const bytes: number[] = [];
  for (const v of values) {
    const group: number[] = [v & 0x7f];
    for (let rest = Math.floor(v / 128); rest > 0; rest = Math.floor(rest / 128))
      group.unshift((rest & 0x7f) | 0x80);
    bytes.push(...group);
  }
  return encode(TAG.OID, Uint8Array.from(bytes));
}

export const octetString = (bytes: Uint8Array): Uint8Array => encode(TAG.OCTET_STRING, bytes);
export const derNull = (): Uint8Array => Uint8Array.from([TAG.NULL, 0]);
export const derBoolean = (value: boolean): Uint8Array => Uint8Array.from([TAG.BOOLEAN, 1, value ? 0xff : 0]);

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
