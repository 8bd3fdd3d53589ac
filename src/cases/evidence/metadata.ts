import exifr from 'exifr';

/**
 * The metadata a file carries about itself (EXIF, XMP, IPTC, GPS of a photo; the kind of file its
 * first bytes say it is), read when the file is collected. None of it is trusted: a camera's clock
 * can be wrong and every field can be edited, so it is returned labelled as claimed by the file,
 * and the case file records it as uncorroborated until an investigator corroborates it (Berkeley
 * Protocol, OHCHR 2022, on the verification of digital items).
 */
export const CLAIMED_BY_THE_FILE = 'claimed by the file';

/** Media types exifr reads (JPEG, TIFF, HEIC/AVIF, PNG, WebP's EXIF). */
const EXIF_MEDIA_TYPES = new Set([
  'image/jpeg',
  'image/jpg',
  'image/tiff',
  'image/heic',
  'image/heif',
  'image/avif',
  'image/png',
  'image/webp',
]);

/** sniffMediaType looks at no byte past this one (a RIFF or ftyp brand ends at byte 12). */
export const SNIFF_BYTES = 16;

/**
 * How many of a file's first bytes readOriginalMetadata needs, given its declared type and its
 * first SNIFF_BYTES: an image exifr reads may keep EXIF, XMP or IPTC anywhere in its first
 * `exifBytes` (a TIFF's IFDs at any offset, a HEIC's meta box, PNG chunks before the image data),
 * so it gets them; any other file is only sniffed, so its first SNIFF_BYTES are all it needs (a
 * 10 MB video then costs no copy of its head).
 *
 * @example metadataHeadBytes('application/octet-stream', first16, 4 << 20) // 16, unless they say JPEG
 */
export function metadataHeadBytes(mediaType: string, firstBytes: Uint8Array, exifBytes: number): number {
  const sniffed = sniffMediaType(firstBytes);
  return EXIF_MEDIA_TYPES.has(normalisedType(mediaType)) ||
    (sniffed !== undefined && EXIF_MEDIA_TYPES.has(sniffed))
    ? exifBytes
    : SNIFF_BYTES;
}

function normalisedType(mediaType: string): string {
  return mediaType.trim().toLowerCase().split(';')[0] ?? '';
}

/** Limits that keep what is stored small whatever a file puts in its metadata. */
const MAX_FIELDS = 400;
const MAX_STRING_CHARS = 2000;
const MAX_ARRAY_ITEMS = 64;
const MAX_DEPTH = 4;

/**
 * Reads the metadata the file claims about itself: for images, EXIF/XMP/IPTC/GPS through exifr;
 * for every file, the media type it was given, the type its first bytes suggest and its size. The
 * result is plain JSON (dates as ISO strings, no binary, no NUL characters), ready for a jsonb
 * column. A file whose metadata cannot be parsed is not an error: `unreadable` says why.
 *
 * @example
 *   const claimed = await readOriginalMetadata(bytes, 'image/jpeg');
 *   // { trust: 'claimed by the file', corroborated: false, mediaType: 'image/jpeg',
 *   //   byteLength: 48211, sniffedMediaType: 'image/jpeg', claimed: { Make: 'Canon', … } }
 */
export async function readOriginalMetadata(
  bytes: Uint8Array,
  mediaType: string,
): Promise<Record<string, unknown>> {
  const normalised = normalisedType(mediaType);
  const sniffed = sniffMediaType(bytes);
  const out: Record<string, unknown> = {
    trust: CLAIMED_BY_THE_FILE,
    corroborated: false,
    mediaType: normalised,
    byteLength: bytes.byteLength,
    sniffedMediaType: sniffed ?? null,
  };
  if (
    sniffed !== undefined &&
    normalised !== '' &&
    sniffed !== normalised &&
    !sameKind(sniffed, normalised)
  ) {
    out.mediaTypeMismatch = true;
  }
  if (EXIF_MEDIA_TYPES.has(normalised) || (sniffed !== undefined && EXIF_MEDIA_TYPES.has(sniffed))) {
    try {
      const parsed: unknown = await exifr.parse(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        {
          tiff: true,
          exif: true,
          gps: true,
          xmp: true,
          iptc: true,
          icc: false,
          jfif: false,
          ihdr: true,
          interop: false,
          makerNote: false,
          userComment: true,
          mergeOutput: true,
        },
      );
      const counter = { fields: 0 };
      // exifr reports a damaged segment in `errors` (silent mode) rather than throwing.
      const { errors, ...fields } = (parsed ?? {}) as { errors?: unknown } & Record<string, unknown>;
      if (Array.isArray(errors) && errors.length > 0) {
        out.unreadable = errors
          .map((e) => clean(e instanceof Error ? e.message : String(e)))
          .filter((m) => m !== '')
          .join('; ');
        if (out.unreadable === '') out.unreadable = 'metadata could not be parsed';
      }
      const claimed = plainJson(fields, 0, counter);
      out.claimed = claimed ?? {};
      if (counter.fields >= MAX_FIELDS) out.truncated = true;
    } catch (error) {
      out.claimed = {};
      out.unreadable = error instanceof Error ? clean(error.message) : 'metadata could not be parsed';
    }
  } else {
    out.claimed = {};
  }
  return out;
}

/** The media type the first bytes of a file suggest, for the common evidence formats. */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (from: number, text: string) =>
    [...text].every((ch, i) => bytes[from + i] === ch.charCodeAt(0));
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  if (ascii(0, 'GIF8')) return 'image/gif';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'audio/wav';
  if (ascii(0, 'RIFF') && ascii(8, 'AVI ')) return 'video/x-msvideo';
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return 'image/heic';
    if (brand === 'avif') return 'image/avif';
    if (brand.startsWith('M4A')) return 'audio/mp4';
    if (brand === 'qt  ') return 'video/quicktime';
    return 'video/mp4';
  }
  if (ascii(0, 'ID3') || starts(0xff, 0xfb)) return 'audio/mpeg';
  if (ascii(0, 'OggS')) return 'audio/ogg';
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return 'video/webm';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'application/zip';
  return undefined;
}

/** Types that are the same thing under two names, or a container the sniffer cannot tell apart. */
function sameKind(a: string, b: string): boolean {
  const alias = (t: string) =>
    t === 'image/jpg'
      ? 'image/jpeg'
      : t === 'image/heif'
        ? 'image/heic'
        : t === 'audio/x-wav'
          ? 'audio/wav'
          : t;
  if (alias(a) === alias(b)) return true;
  // MP4 containers hold audio or video; zip holds office documents (docx, xlsx, odt).
  if (a === 'video/mp4' && (b.startsWith('video/') || b.startsWith('audio/'))) return true;
  if (a === 'application/zip' && b.startsWith('application/')) return true;
  return false;
}

/** What exifr returns, as bounded plain JSON: no binary, no NUL, no non-finite numbers. */
function plainJson(value: unknown, depth: number, counter: { fields: number }): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array || ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return undefined;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, MAX_ARRAY_ITEMS)
      .map((item) => plainJson(item, depth + 1, counter))
      .filter((item) => item !== undefined);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (counter.fields >= MAX_FIELDS) break;
      const plain = plainJson(item, depth + 1, counter);
      if (plain === undefined) continue;
      out[clean(key)] = plain;
      counter.fields++;
    }
    return out;
  }
  return undefined;
}

/** Strips NUL (jsonb refuses it; EXIF strings are often NUL-padded) and unpaired surrogates. */
function clean(text: string): string {
  return text
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim()
    .slice(0, MAX_STRING_CHARS);
}
