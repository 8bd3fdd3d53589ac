/**
 * A tiny JPEG carrying EXIF (IFD0, Exif IFD, GPS IFD) built byte by byte, so the metadata test does
 * not depend on a binary file or a camera. Little-endian TIFF inside an APP1 "Exif" segment.
 */

type Field =
  | { tag: number; ascii: string }
  | { tag: number; rationals: [number, number][] }
  | { tag: number; ifd: Field[] };

export interface ExifSpec {
  make: string;
  model: string;
  dateTimeOriginal: string; // 'YYYY:MM:DD HH:MM:SS'
  latitude: { ref: 'N' | 'S'; dms: [number, number, number] };
  longitude: { ref: 'E' | 'W'; dms: [number, number, number] };
}

/** @example const jpeg = jpegWithExif({ make: 'Canon', … }); */
export function jpegWithExif(spec: ExifSpec): Uint8Array {
  const gps: Field[] = [
    { tag: 0x0001, ascii: spec.latitude.ref },
    { tag: 0x0002, rationals: spec.latitude.dms.map((n) => [n, 1] as [number, number]) },
    { tag: 0x0003, ascii: spec.longitude.ref },
    { tag: 0x0004, rationals: spec.longitude.dms.map((n) => [n, 1] as [number, number]) },
  ];
  const exif: Field[] = [{ tag: 0x9003, ascii: spec.dateTimeOriginal }];
  const ifd0: Field[] = [
    { tag: 0x010f, ascii: spec.make },
    { tag: 0x0110, ascii: spec.model },
    { tag: 0x0132, ascii: spec.dateTimeOriginal },
    { tag: 0x8769, ifd: exif },
    { tag: 0x8825, ifd: gps },
  ];
  const tiff = tiffBytes(ifd0);
  const app1Payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(app1Payload.length + 2, 2);
  return new Uint8Array(
    Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1Payload, Buffer.from([0xff, 0xd9])]),
  );
}

function tiffBytes(ifd0: Field[]): Buffer {
  const out = Buffer.alloc(4096);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  let end = 8;
  const writeIfd = (fields: Field[]): number => {
    const at = end;
    const sorted = [...fields].sort((a, b) => a.tag - b.tag);
    out.writeUInt16LE(sorted.length, at);
    end = at + 2 + sorted.length * 12 + 4;
    out.writeUInt32LE(0, at + 2 + sorted.length * 12);
    sorted.forEach((field, i) => {
      const entry = at + 2 + i * 12;
      out.writeUInt16LE(field.tag, entry);
      if ('ascii' in field) {
        const text = Buffer.from(`${field.ascii}\0`, 'latin1');
        out.writeUInt16LE(2, entry + 2);
        out.writeUInt32LE(text.length, entry + 4);
        if (text.length <= 4) text.copy(out, entry + 8);
        else {
          out.writeUInt32LE(end, entry + 8);
          text.copy(out, end);
          end += text.length + (text.length % 2);
        }
      } else if ('rationals' in field) {
        out.writeUInt16LE(5, entry + 2);
        out.writeUInt32LE(field.rationals.length, entry + 4);
        out.writeUInt32LE(end, entry + 8);
        for (const [num, den] of field.rationals) {
          out.writeUInt32LE(num, end);
          out.writeUInt32LE(den, end + 4);
          end += 8;
        }
      } else {
        out.writeUInt16LE(4, entry + 2);
        out.writeUInt32LE(1, entry + 4);
        const sub = field.ifd;
        // The sub-IFD is written after this IFD's data; its offset is known once it starts.
        pending.push({ entry, sub });
      }
    });
    return at;
  };
  const pending: { entry: number; sub: Field[] }[] = [];
  writeIfd(ifd0);
  while (pending.length > 0) {
    const { entry, sub } = pending.shift()!;
    out.writeUInt32LE(end, entry + 8);
    writeIfd(sub);
  }
  return out.subarray(0, end);
}
