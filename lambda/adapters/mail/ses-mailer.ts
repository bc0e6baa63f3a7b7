import { createHash } from 'node:crypto';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { DigestEmail, Mailer } from '../../core/mailer';
import { MailError } from './mail-error';
import type { SentBatches } from './sent-batches';

/**
 * Sends through SES `SendRawEmail`: the MIME message (text and HTML alternatives) is composed
 * by nodemailer's MailComposer, so headers are encoded and folded by code many others rely on;
 * attachments (the CSV of every job) become further parts of a multipart/mixed message. The client honours
 * `AWS_ENDPOINT_URL_SES`, which is how local runs and tests reach aws-ses-v2-local.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient = new SESClient({ maxAttempts: 6 }),
    /** Where the batches of a keyed run are remembered; without it every send sends every batch. */
    private readonly sentBatches?: SentBatches,
  ) {
    // SES's query protocol sends the message base64- and form-encoded as a string body; SigV4 then
    // copies it to bytes to hash it, and Node copies it again to write it (13 MB each at 10,000
    // jobs). Made bytes once, before signing, the body is hashed and written without copies.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        if (typeof request.body === 'string') request.body = Buffer.from(request.body, 'utf8');
        return next(args);
      },
      { step: 'build', name: 'backupDigestBodyAsBytes' },
    );
  }

  /**
   * SES takes at most 50 recipients per message, so a longer list goes as several identical
   * messages, each addressed to its share. A message over SES's 10 MB is sent without its
   * attachments, saying so, rather than not at all. Throttling is retried by the SDK.
   */
  async send(email: DigestEmail): Promise<{ messageId: string; messageIds: string[] }> {
    const messageIds: string[] = [];
    for (let i = 0; i < email.to.length; i += MAX_RECIPIENTS) {
      const part = { ...email, to: email.to.slice(i, i + MAX_RECIPIENTS) };
      // A retry of a run whose later batch failed skips the batches SES already took.
      const batchKey = email.onceKey && this.sentBatches ? batchKeyOf(email.onceKey, part.to) : undefined;
      const already = batchKey ? await this.sentBatches?.sent(batchKey) : undefined;
      if (already) {
        messageIds.push(already);
        continue;
      }
      const messageId = await this.sendOne(await fitForSes(part));
      if (batchKey) await this.sentBatches?.record(batchKey, messageId);
      messageIds.push(messageId);
    }
    return { messageId: messageIds[0] ?? '', messageIds };
  }

  private async sendOne({ email, raw }: { email: DigestEmail; raw: Buffer }): Promise<string> {
    try {
      const answer = await this.client.send(
        new SendRawEmailCommand({ Source: email.from, Destinations: email.to, RawMessage: { Data: raw } }),
      );
      return answer.MessageId ?? '';
    } catch (cause) {
      const { name, message } = cause as Error;
      throw new MailError(`SES did not send the digest: ${name}: ${message}`, { cause });
    }
  }
}

/** The run's key and the batch's recipients: a changed recipient list is a new batch. */
function batchKeyOf(onceKey: string, to: readonly string[]): string {
  return `${onceKey}#${createHash('sha256').update(to.join('\n')).digest('base64url')}`;
}

/** SES's limits for SendRawEmail: recipients per message, and bytes once base64-encoded. */
export const MAX_RECIPIENTS = 50;
export const MAX_ENCODED_BYTES = 10 * 1024 * 1024;

/** The message, or the same without its attachments and with a note saying so when it is too large. */
export async function fitForSes(email: DigestEmail): Promise<{ email: DigestEmail; raw: Buffer }> {
  const raw = await composeMime(email);
  if (encodedSize(raw) <= MAX_ENCODED_BYTES || (email.attachments ?? []).length === 0) return { email, raw };
  const left = (email.attachments ?? [])
    .map((a) => `${a.filename} (${megabytes(a.content.byteLength)})`)
    .join(', ');
  const note = `Left out for size: ${left}. With it the message exceeded the 10 MB that Amazon SES accepts; run the digest from the CLI with --out to get the file.`;
  const smaller: DigestEmail = {
    ...email,
    attachments: [],
    text: `${note}\n\n${email.text}`,
    // The note is ours, never CBS data: nothing in it needs escaping but the sign.
    html: email.html.replace(
      /<body[^>]*>/i,
      (body) => `${body}<p style="font-weight:bold">${note.replace(/&/g, '&amp;')}</p>`,
    ),
  };
  return { email: smaller, raw: await composeMime(smaller) };
}

const encodedSize = (raw: Buffer): number => Math.ceil(raw.byteLength / 3) * 4;
const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The whole MIME message; exported so tests can read exactly what goes on the wire. */
export function composeMime(email: DigestEmail): Promise<Buffer> {
  return new MailComposer({
    from: email.from,
    to: email.to,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    textEncoding: 'quoted-printable',
    attachments: (email.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
      // Base64 for every file: a zip is binary, and a CSV's long lines and BOM travel safely too.
      contentTransferEncoding: 'base64' as const,
    })),
  })
    .compile()
    .build();
}
