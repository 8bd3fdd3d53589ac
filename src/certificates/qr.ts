import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/**
 * QR codes of certificates: drawn with qrcode (PNG, for the PDF card and the API) and read with
 * jsqr (an uploaded photo or screenshot, the test vectors' images). An HC1 text is upper-case
 * Base45, which QR's alphanumeric mode holds at 5.5 bits a character; error correction Q (25 %),
 * as the DCC specification recommends for codes shown on phones and printed cards.
 */

/** jsqr is CommonJS with an ES default export: under Node's ES modules the function is `.default`. */
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ??
  jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/**
 * The text of the QR code in a PNG image, or undefined when the image is not a PNG or holds no
 * readable QR code.
 *
 * @example readQrPng(await readFile('card-qr.png')) // 'HC1:NCF…'
 */
export function readQrPng(png: Uint8Array): string | undefined {
  try {
    const image = PNG.sync.read(Buffer.from(png));
    return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? undefined;
  } catch {
    return undefined;
  }
}

/** Why an uploaded image gave no QR text. */
export type QrImageProblem = 'not_an_image' | 'image_too_large' | 'image_unreadable' | 'no_qr_code';

/**
 * The most pixels an uploaded image may have (a 16-megapixel phone photo): its width and height
 * are read from its header before anything is decoded, so a small file that claims a huge image
 * (a decompression bomb) is refused without the memory it would take.
 */
export const QR_IMAGE_MAX_PIXELS = 16_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const isPng = (b: Uint8Array) => b.length >= 24 && PNG_SIGNATURE.every((v, i) => b[i] === v);
const isJpeg = (b: Uint8Array) => b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** A PNG's size from its IHDR chunk (bytes 16–23, big-endian). */
function pngPixels(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return view.getUint32(16) * view.getUint32(20);
}

/**
 * The text of the QR code in an uploaded image — a PNG (a screenshot) or a JPEG (a photo of a
 * card or a phone screen) — or why there is none: not a PNG or JPEG, more pixels than
 * QR_IMAGE_MAX_PIXELS, an image that does not decode, or no QR code jsqr can read in it.
 *
 * @example readQrImage(await readFile('foto.jpg')) // { ok: true, text: 'HC1:NCF…' }
 */
export function readQrImage(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; problem: QrImageProblem } {
  let image: { width: number; height: number; data: Uint8Array };
  try {
    if (isPng(bytes)) {
      if (pngPixels(bytes) > QR_IMAGE_MAX_PIXELS) return { ok: false, problem: 'image_too_large' };
      image = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } else if (isJpeg(bytes)) {
      image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: QR_IMAGE_MAX_PIXELS / 1_000_000,
        maxMemoryUsageInMB: 512,
      });
    } else {
      return { ok: false, problem: 'not_an_image' };
    }
  } catch (error) {
    const tooLarge = error instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB/.test(error.message);
    return { ok: false, problem: tooLarge ? 'image_too_large' : 'image_unreadable' };
  }
  if (image.width * image.height * 4 !== image.data.length) return { ok: false, problem: 'image_unreadable' };
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const text = jsQR(data, image.width, image.height)?.data;
  return text ? { ok: true, text } : { ok: false, problem: 'no_qr_code' };
}

/**
 * A PNG of the QR code of an HC1 text, `scale` pixels a module, with the quiet zone.
 *
 * @example await qrPng('HC1:NCF…') // <Buffer 89 50 4e 47 …>
 */
export function qrPng(text: string, scale = 4): Promise<Buffer> {
  return QRCode.toBuffer([{ data: text, mode: 'alphanumeric' }], {
    errorCorrectionLevel: 'Q',
    scale,
    margin: 4,
  });
}

/**
 * The modules of an HC1 text's QR code (alphanumeric mode, error correction Q), for drawing as
 * vectors.
 *
 * @example const m = qrMatrix('HC1:NCF…'); m.dark(0, 0) // true (a finder pattern's corner)
 */
export function qrMatrix(text: string): QrMatrix {
  const cached = recentMatrices.get(text);
  if (cached !== undefined) return cached;
  const { modules } = QRCode.create([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: 'Q' });
  const matrix: QrMatrix = { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
  // A citizen's page and the PDF they download next draw the same code: choosing its mask is
  // most of making it. A few hundred recent codes are kept (oldest out first).
  if (recentMatrices.size >= RECENT_MATRICES) recentMatrices.delete(recentMatrices.keys().next().value!);
  recentMatrices.set(text, matrix);
  return matrix;
}

/** A QR code's modules. */
export interface QrMatrix {
  readonly size: number;
  readonly dark: (row: number, col: number) => boolean;
}

const RECENT_MATRICES = 256;
const recentMatrices = new Map<string, QrMatrix>();
