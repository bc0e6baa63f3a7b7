import type { Digest } from '../../core/digest';
import type { EmailAttachment } from '../../core/mailer';
import { jobsCsvChunks } from './jobs-csv';
import { OneFileZip } from './zip-file';

/**
 * Past this the CSV goes zipped. SES refuses a message over 10 MB after base64 (which adds a
 * third), and 50,000 jobs make about 10 MB of CSV; a CSV compresses about tenfold. Below it, the
 * admin gets a file that opens with one click.
 */
export const PLAIN_CSV_LIMIT = 3 * 1024 * 1024;

/** The attached file's name; the label is a date, so the name is safe in any header. */
export function jobsFileName(digest: Digest, zipped: boolean): string {
  return `backup-jobs-${digest.label}.csv${zipped ? '.zip' : ''}`;
}

/**
 * The list of every job: a CSV, or a zip holding it when the CSV alone is too large to mail. The
 * CSV is kept whole only up to `plainLimit`; past it, it goes into the zip piece by piece, so
 * 50,000 jobs never hold their 12 MB of CSV at once.
 */
export function jobsAttachment(digest: Digest, plainLimit = PLAIN_CSV_LIMIT): EmailAttachment {
  const held: Buffer[] = [];
  let size = 0;
  let zip: OneFileZip | undefined;
  // Known issues are jobs too: the list holds every one, acknowledged or not.
  const rows = digest.known?.length ? [...digest.rows, ...digest.known.map((k) => k.row)] : digest.rows;
  for (const chunk of jobsCsvChunks(rows)) {
    if (zip) {
      zip.add(chunk);
      continue;
    }
    held.push(chunk);
    size += chunk.length;
    if (size > plainLimit) {
      // The generation time as the entry's date keeps the same digest byte-for-byte the same.
      zip = new OneFileZip(jobsFileName(digest, false), new Date(digest.generatedAt));
      for (const piece of held.splice(0)) zip.add(piece);
    }
  }
  if (zip)
    return { filename: jobsFileName(digest, true), contentType: 'application/zip', content: zip.finish() };
  return {
    filename: jobsFileName(digest, false),
    contentType: 'text/csv; charset=utf-8',
    content: Buffer.concat(held),
  };
}
