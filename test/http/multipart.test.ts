import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  MalformedMultipart,
  MultipartParser,
  multipartBoundary,
  type PartHeaders,
} from '../../src/routing/multipart.ts';

/**
 * The streaming multipart reader on its own: whatever the chunks a body arrives in, the parts read
 * are the same, and the same as the platform's own FormData makes of the body; malformed bodies
 * are refused, never half-read as if whole.
 */

interface Part {
  headers: PartHeaders;
  content: Buffer;
}

async function parse(boundary: string, chunks: readonly Uint8Array[]): Promise<Part[]> {
  const parts: Part[] = [];
  let current: { headers: PartHeaders; pieces: Buffer[] } | undefined;
  const parser = new MultipartParser(boundary, {
    partStart: (headers) => {
      current = { headers, pieces: [] };
    },
    partData: (bytes) => {
      current!.pieces.push(Buffer.from(bytes));
    },
    partEnd: () => {
      parts.push({ headers: current!.headers, content: Buffer.concat(current!.pieces) });
      current = undefined;
    },
  });
  for (const chunk of chunks) await parser.write(chunk);
  parser.end();
  return parts;
}

/** Cuts `bytes` at the given positions (any order, repeats allowed). */
function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

test('the boundary is read from the content type, quoted or not', () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary=----x1'), '----x1');
  assert.equal(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b"'), 'a b');
  assert.equal(multipartBoundary('multipart/form-data'), undefined);
  assert.equal(multipartBoundary('application/x-www-form-urlencoded; boundary=x'), undefined);
});

test('any chunking gives the parts the platform’s FormData gives', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 4 }),
      fc.uint8Array({ maxLength: 3000 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (values, fileBytes, cuts) => {
        const form = new FormData();
        for (const [i, v] of values.entries()) form.set(`campo${i}`, v);
        form.set('archivo', new File([fileBytes], 'Lista año 2021.csv', { type: 'text/csv' }));
        const request = new Request('http://x/', { method: 'POST', body: form });
        const boundary = multipartBoundary(request.headers.get('content-type')!)!;
        const body = new Uint8Array(await request.arrayBuffer());
        const parts = await parse(boundary, cut(body, cuts));
        assert.equal(parts.length, values.length + 1);
        values.forEach((v, i) => {
          assert.equal(parts[i]!.headers.name, `campo${i}`);
          assert.equal(parts[i]!.headers.fileName, undefined);
          assert.equal(parts[i]!.content.toString('utf8'), v.replace(/\r?\n|\r/g, '\r\n'));
        });
        const file = parts.at(-1)!;
        assert.equal(file.headers.name, 'archivo');
        assert.equal(file.headers.fileName, 'Lista año 2021.csv');
        assert.equal(file.headers.contentType, 'text/csv');
        assert.deepEqual(new Uint8Array(file.content), fileBytes);
      },
    ),
    { numRuns: 200 },
  );
});

test('content that looks like a delimiter, but is not one, stays content', async () => {
  const b = 'XyZ';
  // Near misses: no CRLF before it, cut short, one dash, another case.
  const content = `a--XyZ\r\n--Xy\r\n-\r\n-XyZ\r\n--xyz`;
  const body = `preamble\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="x.csv"\r\n\r\n${content}\r\n--${b}--\r\nepilogue`;
  for (let size = 1; size <= body.length; size++) {
    const bytes = Buffer.from(body);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const [part] = await parse(b, chunks);
    assert.equal(part!.content.toString(), content, `chunks of ${size}`);
  }
});

test('malformed bodies are refused', async () => {
  const b = 'XyZ';
  const part = `--${b}\r\nContent-Disposition: form-data; name="f"\r\n\r\nvalue`;
  await assert.rejects(parse(b, [Buffer.from(part)]), MalformedMultipart, 'no closing delimiter');
  await assert.rejects(
    parse(b, [Buffer.from(`--${b}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${b}--`)]),
    /no Content-Disposition/,
  );
  await assert.rejects(parse(b, [Buffer.from(`--${b}xx`)]), /not followed by a line break/);
  await assert.rejects(
    parse(b, [Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="f"; x="${'a'.repeat(20_000)}"`)]),
    /headers are too long/,
  );
});

test('names and file names: quoted, escaped, and in RFC 5987 form', async () => {
  const b = 'q';
  const body = [
    `--${b}\r\nContent-Disposition: form-data; name="a;b"; filename="c:\\\\dir\\\\x.csv"\r\n\r\n1\r\n`,
    `--${b}\r\nContent-Disposition: form-data; name=plain; filename*=UTF-8''na%C3%AFve.csv\r\n\r\n2\r\n`,
    `--${b}--\r\n`,
  ].join('');
  const parts = await parse(b, [Buffer.from(body)]);
  assert.deepEqual(
    parts.map((p) => [p.headers.name, p.headers.fileName]),
    [
      ['a;b', 'c:\\dir\\x.csv'],
      ['plain', 'naïve.csv'],
    ],
  );
});
