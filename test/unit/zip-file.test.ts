import { unzipSync } from 'fflate';
import { OneFileZip, zipOneFile } from '../../lambda/adapters/render/zip-file';

// Read back by another implementation (fflate, which wrote these zips before), not by our own code.
describe('zipOneFile', () => {
  const content = Buffer.from('\uFEFFclass,user\r\nfailed,alice\r\n'.repeat(500), 'utf8');

  test('unzips to the one file, byte for byte', () => {
    const zip = zipOneFile('backup-jobs-2026-11-28.csv', content, new Date(2026, 10, 29, 7, 0, 4));

    const files = unzipSync(zip);

    expect(Object.keys(files)).toEqual(['backup-jobs-2026-11-28.csv']);
    expect(Buffer.from(files['backup-jobs-2026-11-28.csv'] ?? [])).toEqual(content);
    expect(zip.length).toBeLessThan(content.length / 10);
  });

  test('dates the entry in DOS local time and says where the central directory is', () => {
    const zip = zipOneFile('a.csv', content, new Date(2026, 10, 29, 7, 0, 4));

    // Local header: time at 10, date at 12. 07:00:04 and 2026-11-29.
    expect(zip.readUInt16LE(10)).toBe((7 << 11) | (0 << 5) | 2);
    expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (11 << 5) | 29);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt32LE(zip.readUInt32LE(end + 16))).toBe(0x02014b50);
  });

  test('a file given in pieces unzips to the pieces joined: one deflate stream, one CRC', () => {
    const pieces = Array.from({ length: 7 }, (_, i) => Buffer.from(`piece ${i},`.repeat(40_000 + i * 5_000)));
    const zip = new OneFileZip('a.csv', new Date(2026, 10, 29));
    for (const piece of pieces) zip.add(piece);

    const files = unzipSync(zip.finish());

    expect(Buffer.from(files['a.csv'] ?? [])).toEqual(Buffer.concat(pieces));
  });
});
