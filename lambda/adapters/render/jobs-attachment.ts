import type { Digest } from '../../core/digest';
import type { EmailAttachment } from '../../core/mailer';
import { jobsCsvBytes } from './jobs-csv';
import { zipOneFile } from './zip-file';

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

/** The list of every job: a CSV, or a zip holding it when the CSV alone is too large to mail. */
export function jobsAttachment(digest: Digest, plainLimit = PLAIN_CSV_LIMIT): EmailAttachment {
  const csv = jobsCsvBytes(digest.rows);
  if (csv.length <= plainLimit) {
    return { filename: jobsFileName(digest, false), contentType: 'text/csv; charset=utf-8', content: csv };
  }
  // The generation time as the entry's date keeps the same digest byte-for-byte the same.
  const zip = zipOneFile(jobsFileName(digest, false), csv, new Date(digest.generatedAt));
  return { filename: jobsFileName(digest, true), contentType: 'application/zip', content: zip };
}
