import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SESClient, SendRawEmailCommand, type SendRawEmailCommandInput } from '@aws-sdk/client-ses';
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
    // SES's query protocol sends the message base64- and form-encoded in a string body: the SDK
    // makes the base64 string, its form encoding and the joined body (three strings the size of
    // the message and a third), and SigV4 and Node each copy it to bytes. Instead the SDK
    // serializes a small placeholder (the command's own input keeps the message), and before the
    // length is set and the request signed the placeholder is swapped for the message, encoded
    // straight into the one buffer sent (at 10,000 jobs sending had added 22 MB to the peak).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as SendRawEmailCommandInput;
        const data = input.RawMessage?.Data;
        if (!data) return next(args);
        messages.set(context, data);
        return next({ ...args, input: { ...input, RawMessage: { ...input.RawMessage, Data: PLACEHOLDER } } });
      },
      { step: 'serialize', priority: 'high', name: 'backupDigestMessageAside' },
    );
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const request = args.request as { body?: unknown };
        const raw = messages.get(context);
        if (typeof request.body === 'string')
          request.body = raw ? formWithMessage(request.body, raw) : Buffer.from(request.body, 'utf8');
        return next(args);
      },
      { step: 'build', priority: 'high', name: 'backupDigestBodyAsBytes' },
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

/** The message of each request (by its handler context), for the body middleware to swap in. */
const messages = new WeakMap<object, Uint8Array>();

/** What the SDK serializes in place of the message; its form encoding is found and replaced. */
const PLACEHOLDER = Buffer.from('backup-digest:message');
const PLACEHOLDER_FIELD = `RawMessage.Data=${encodeURIComponent(PLACEHOLDER.toString('base64'))}`;

/** Bytes of the message encoded at a time: a multiple of 3, so only the last piece is padded. */
const PIECE_BYTES = 3 * 16 * 1024;

/**
 * The form body with the message's base64, form-encoded, in place of the placeholder's: the
 * bytes the SDK would have sent (`+`, `/` and `=` escaped as `extendedEncodeURIComponent` does;
 * base64 has no other character to escape), written into one buffer of the exact size.
 */
export function formWithMessage(form: string, raw: Uint8Array): Buffer {
  const at = form.indexOf(PLACEHOLDER_FIELD);
  if (at < 0) throw new MailError('SES request body without the message placeholder');
  const before = Buffer.from(form.slice(0, at + 'RawMessage.Data='.length), 'utf8');
  const after = Buffer.from(form.slice(at + PLACEHOLDER_FIELD.length), 'utf8');
  const message = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  let length = before.length + after.length;
  for (let i = 0; i < message.length; i += PIECE_BYTES) length += escapedLength(base64Of(message, i));
  const body = Buffer.allocUnsafe(length);
  let offset = before.copy(body, 0);
  for (let i = 0; i < message.length; i += PIECE_BYTES)
    offset += body.write(escaped(base64Of(message, i)), offset, 'latin1');
  after.copy(body, offset);
  return body;
}

const base64Of = (message: Buffer, at: number): string =>
  message.subarray(at, at + PIECE_BYTES).toString('base64');

function escapedLength(base64: string): number {
  let length = base64.length;
  for (let i = 0; i < base64.length; i++) {
    const c = base64.charCodeAt(i);
    if (c === 43 || c === 47 || c === 61) length += 2;
  }
  return length;
}

const escaped = (base64: string): string =>
  base64.replace(/[+/=]/g, (c) => (c === '+' ? '%2B' : c === '/' ? '%2F' : '%3D'));

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
      content: inPieces(Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength)),
      // Base64 for every file: a zip is binary, and a CSV's long lines and BOM travel safely too.
      contentTransferEncoding: 'base64' as const,
    })),
  })
    .compile()
    .build();
}

/**
 * A file handed to MailComposer a piece at a time. Given whole, its base64 encoder makes a string,
 * a buffer and a wrapped buffer each the size of the whole file before the message is joined: at
 * 10,000 jobs, 10 MB more at the moment the send sets the run's peak memory (measured; 3 MB
 * with pieces). Pieces are a multiple of 3 bytes, so each one's base64 joins the next unpadded.
 */
function inPieces(content: Buffer): Readable {
  function* pieces(): Generator<Buffer> {
    for (let at = 0; at < content.length; at += PIECE_BYTES) yield content.subarray(at, at + PIECE_BYTES);
  }
  return Readable.from(pieces(), { objectMode: false });
}
