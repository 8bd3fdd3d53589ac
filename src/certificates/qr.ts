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
