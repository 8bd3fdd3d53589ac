import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { newUvci, vaccinationPayload } from '../../src/certificates/dcc-payload.ts';
import { encodeHc1 } from '../../src/certificates/hc1-encode.ts';
import type { CardData } from '../../src/certificates/index.ts';
import { readQrPng } from '../../src/certificates/qr.ts';
import { renderCard } from '../../src/web/certificates/card.pdf.ts';

/**
 * The PDF card, A4 and wallet: rendered to PNG with poppler's pdftoppm (skipped, saying so,
 * without it), its text holds the person, every dose and the issuer in Spanish, and the QR code
 * printed on it reads back as the certificate's HC1 text.
 */

const pdftoppm = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => existsSync(p));
const skip = pdftoppm === undefined ? 'pdftoppm (Debian package poppler-utils) is not installed' : false;

function card(): CardData {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const uvci = newUvci();
  const hcert = vaccinationPayload({
    surnames: 'Quispe Mamani',
    givenNames: 'Juana Añez',
    dateOfBirth: '1951-03-04',
    product: 'sputnik_v_2',
    doseNumber: 2,
    seriesDoses: 2,
    givenOn: '2021-06-22',
    uvci,
  });
  const { hc1 } = encodeHc1(
    { issuer: 'BO', issuedAtSeconds: 1640700000, expiresAtSeconds: 1672236000, hcert },
    privateKey,
    Buffer.alloc(8, 1),
  );
  return {
    givenNames: 'Juana Añez',
    surnames: 'Quispe Mamani',
    ciNumber: '4567890',
    complemento: '1A',
    dateOfBirth: '1951-03-04',
    doses: [
      {
        doseNumber: 1,
        productName: 'Sputnik V (componente 1)',
        lotNumber: 'SV1-C',
        givenOn: '2021-06-01',
        siteName: 'Coliseo Cerrado',
      },
      {
        doseNumber: 2,
        productName: 'Sputnik V (componente 2)',
        lotNumber: 'SV2-C',
        givenOn: '2021-06-22',
        siteName: null,
      },
    ],
    hc1,
    uvci,
    issuedAt: new Date(1640700000000),
    expiresAt: new Date(1672236000000),
  };
}

for (const size of ['a4', 'wallet'] as const) {
  test(`the ${size} card shows the person, the doses and a QR code that reads back as the certificate`, {
    skip,
  }, async () => {
    const data = card();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ayni-card-'));
    try {
      const pdf = path.join(dir, 'card.pdf');
      await writeFile(pdf, await renderCard(data, size));
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      for (const words of [
        'Carnet de Vacunación contra la COVID-19',
        'Juana Añez Quispe Mamani',
        '4567890 1A',
        '4 de marzo de 1951',
        'SV1-C',
        'SV2-C',
        '22 de junio de 2021',
        'Ministerio de Salud y Deportes de Bolivia',
        'sin registro',
      ]) {
        assert.ok(text.includes(words), `${size}: ${words} in ${text}`);
      }
      assert.ok(!/undefined|Vaccination|Dose /.test(text), 'no English, no undefined');
      execFileSync(pdftoppm!, [
        '-r',
        size === 'wallet' ? '400' : '200',
        '-png',
        '-f',
        '1',
        '-l',
        '1',
        pdf,
        path.join(dir, 'page'),
      ]);
      const png = await readFile(path.join(dir, 'page-1.png'));
      assert.equal(readQrPng(png), data.hc1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
