import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { DigestEmail, Mailer } from '../../core/mailer';
import { MailError } from '../../errors';

/**
 * Sends through SES `SendRawEmail`: the MIME message (text and HTML alternatives) is composed
 * by nodemailer's MailComposer, so headers are encoded and folded by code many others rely on;
 * attachments (the CSV of every job) become further parts of a multipart/mixed message. The client honours
 * `AWS_ENDPOINT_URL_SES`, which is how local runs and tests reach aws-ses-v2-local.
 */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESClient = new SESClient({})) {
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

  async send(email: DigestEmail): Promise<{ messageId: string }> {
    const raw = await composeMime(email);
    try {
      const answer = await this.client.send(
        new SendRawEmailCommand({ Source: email.from, Destinations: email.to, RawMessage: { Data: raw } }),
      );
      return { messageId: answer.MessageId ?? '' };
    } catch (cause) {
      const { name, message } = cause as Error;
      throw new MailError(`SES did not send the digest: ${name}: ${message}`, { cause });
    }
  }
}

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
