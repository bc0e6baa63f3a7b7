/**
 * One CSV field as csv-stringify 6.9 writes it with `escape_formulas: true`, `record_delimiter:
 * 'windows'` and its other defaults (`,` and `"`). Written by hand because the attachment holds
 * every job (50,000 lines of 25 fields) and the library wants an array of every cell first; a
 * property test (test/unit/csv-field.test.ts) holds this byte for byte to csv-stringify.
 *
 * - A number is written as JavaScript prints it and never defused: it is ours, not CBS's.
 * - A text that a spreadsheet would run as a formula (starting with = + - @, a tab, a CR, or the
 *   full-width = + - @) gets a leading `'` (OWASP "CSV injection").
 * - A field is quoted when it holds a `"` (doubled), a `,`, or the record delimiter CRLF. As in
 *   csv-stringify with a record delimiter set, a lone LF or CR does not quote: our callers take
 *   control characters out beforehand.
 */
export function csvField(field: string | number | undefined): string {
  if (field === undefined) return '';
  if (typeof field === 'number') return `${field}`;
  if (field === '') return '';
  let value = field;
  const quote = value.includes('"') || value.includes(',') || value.includes('\r\n');
  if (startsFormula(value.charCodeAt(0))) value = `'${value}`;
  if (!quote) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

/** = + - @ tab CR, and the full-width = + - @ (which Apple Numbers normalises). */
function startsFormula(code: number): boolean {
  switch (code) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0xff1d:
    case 0xff0b:
    case 0xff0d:
    case 0xff20:
      return true;
    default:
      return false;
  }
}

/** A record as csv-stringify ends it with `record_delimiter: 'windows'` (and `eof`, its default). */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** What csv-stringify writes first with `bom: true`. */
export const CSV_BOM = '\uFEFF';
