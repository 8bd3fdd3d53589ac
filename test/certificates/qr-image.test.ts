import assert from 'node:assert/strict';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { QR_IMAGE_MAX_PIXELS, qrPng, readQrImage } from '../../src/certificates/qr.ts';

/**
 * Reading the QR code of an uploaded image (the verifier page's form): a PNG screenshot and a JPEG
 * photo read back as their text; a file that is not an image, a corrupt one, one whose header
 * claims more pixels than allowed (refused before decoding) and one without a QR code each say so.
 */

const TEXT = 'HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOO6+IDOEZ/9P0QT3S4E-ML5RQ7D';

test('a PNG and a JPEG of a QR code read back as its text', async () => {
  const png = await qrPng(TEXT, 6);
  assert.deepEqual(readQrImage(png), { ok: true, text: TEXT });
  const image = PNG.sync.read(png);
  // A photo-like JPEG: scaled into a larger grey frame, lossy at quality 70.
  const width = image.width + 200;
  const height = image.height + 120;
  const frame = Buffer.alloc(width * height * 4, 200);
  for (let y = 0; y < image.height; y++) {
    image.data.copy(frame, ((y + 60) * width + 100) * 4, y * image.width * 4, (y + 1) * image.width * 4);
  }
  const photo = jpeg.encode({ width, height, data: frame }, 70).data;
  assert.deepEqual(readQrImage(photo), { ok: true, text: TEXT });
});

test('not an image, unreadable, too large, no QR code: each its own answer', async () => {
  assert.deepEqual(readQrImage(Buffer.from('HC1:NCF… pasted into a text file')), {
    ok: false,
    problem: 'not_an_image',
  });
  assert.deepEqual(readQrImage(new Uint8Array(0)), { ok: false, problem: 'not_an_image' });

  const png = await qrPng(TEXT, 4);
  const truncated = png.subarray(0, 60);
  assert.deepEqual(readQrImage(truncated), { ok: false, problem: 'image_unreadable' });
  const jpegHeaderOnly = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
  assert.deepEqual(readQrImage(jpegHeaderOnly), { ok: false, problem: 'image_unreadable' });

  // A 50-byte change to the header makes a PNG claim 10⁵ × 10⁵ pixels: refused before decoding.
  const bomb = Buffer.from(png);
  bomb.writeUInt32BE(100_000, 16);
  bomb.writeUInt32BE(100_000, 20);
  assert.ok(100_000 * 100_000 > QR_IMAGE_MAX_PIXELS);
  assert.deepEqual(readQrImage(bomb), { ok: false, problem: 'image_too_large' });

  const blank = new PNG({ width: 120, height: 120 });
  blank.data.fill(255);
  assert.deepEqual(readQrImage(PNG.sync.write(blank)), { ok: false, problem: 'no_qr_code' });
});
