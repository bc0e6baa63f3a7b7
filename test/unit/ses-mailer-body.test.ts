import { Readable } from 'node:stream';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { simpleParser } from 'mailparser';
import { composeMime, formWithMessage, SesMailer } from '../../lambda/adapters/mail/ses-mailer';

/** An SES client whose HTTP handler records the request and answers as SES does. */
function recordingClient() {
  const seen: { body?: unknown; contentLength?: string | undefined } = {};
  const client = new SESClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: {
      handle: async (request: { body?: unknown; headers: Record<string, string> }) => {
        seen.body = request.body;
        seen.contentLength = request.headers['content-length'];
        const xml =
          '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>mid-7</MessageId></SendRawEmailResult></SendRawEmailResponse>';
        return {
          response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([xml]) },
        };
      },
    },
  });
  return { client, seen };
}

describe('SesMailer request body', () => {
  test('reaches the HTTP handler as bytes, once, and still carries the whole message', async () => {
    // prepare: a message large enough that copies of it matter
    const { client, seen } = recordingClient();
    const html = `<p>${'row · '.repeat(50_000)}</p>`;

    // act
    const result = await new SesMailer(client).send({
      from: 'digest@example.com',
      to: ['ops@example.com'],
      subject: 'Backups 2026-11-28',
      html,
      text: 'plain',
    });

    // assert
    expect(result).toEqual({ messageId: 'mid-7', messageIds: ['mid-7'] });
    expect(Buffer.isBuffer(seen.body)).toBe(true);
    const body = seen.body as Buffer;
    expect(seen.contentLength).toBe(String(body.length));
    const form = new URLSearchParams(body.toString('utf8'));
    expect(form.get('Action')).toBe('SendRawEmail');
    const parsed = await simpleParser(Buffer.from(form.get('RawMessage.Data') ?? '', 'base64'));
    expect(parsed.subject).toBe('Backups 2026-11-28');
    expect(parsed.html).toBe(html);
  });

  test("is byte for byte the body the SDK's own serialization sends, its length and signature taken from it", async () => {
    // prepare: a message with an attachment, as a digest sends it
    const email = {
      from: 'digest@example.com',
      to: ['ops@example.com', 'noc@example.com'],
      subject: 'Backups 2026-11-28 · überall',
      html: '<p>ok</p>',
      text: 'ok',
      attachments: [
        {
          filename: 'backup-jobs-2026-11-28.csv.zip',
          contentType: 'application/zip',
          content: Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256),
        },
      ],
    };
    const raw = await composeMime(email);
    const sdk = recordingClient();
    const ours = recordingClient();

    // act: the SDK alone, and our mailer on a client of its own
    await sdk.client.send(
      new SendRawEmailCommand({ Source: email.from, Destinations: email.to, RawMessage: { Data: raw } }),
    );
    await new SesMailer(ours.client).send(email);

    // assert: the same bytes (the MIME boundary and date differ per composition, so compare the form)
    const sdkBody = Buffer.from(sdk.seen.body as string | Buffer);
    const ourBody = ours.seen.body as Buffer;
    expect(ours.seen.contentLength).toBe(String(ourBody.length));
    const sdkForm = new URLSearchParams(sdkBody.toString('utf8'));
    const ourForm = new URLSearchParams(ourBody.toString('utf8'));
    expect([...ourForm.keys()]).toEqual([...sdkForm.keys()]);
    for (const key of sdkForm.keys())
      if (key !== 'RawMessage.Data') expect(ourForm.get(key)).toBe(sdkForm.get(key));
    // the encoding itself, byte for byte, against the SDK's body for the same message
    const placeholderForm = sdkBody
      .toString('utf8')
      .replace(
        /RawMessage\.Data=[^&]*/,
        `RawMessage.Data=${encodeURIComponent(Buffer.from('backup-digest:message').toString('base64'))}`,
      );
    expect(formWithMessage(placeholderForm, raw).equals(sdkBody)).toBe(true);
  });

  test('a message of every length (padding of none, one or two =) encodes as the SDK would', () => {
    const form = `Action=SendRawEmail&RawMessage.Data=${encodeURIComponent(Buffer.from('backup-digest:message').toString('base64'))}&Version=2010-12-01`;
    for (const length of [0, 1, 2, 3, 49_151, 49_152, 49_153, 100_000]) {
      const raw = Uint8Array.from({ length }, (_, i) => (i * 31 + 251) % 256);
      const expected = `Action=SendRawEmail&RawMessage.Data=${encodeURIComponent(Buffer.from(raw).toString('base64'))}&Version=2010-12-01`;
      expect(formWithMessage(form, raw).toString('latin1')).toBe(expected);
      if (length === 100_000) {
        expect(expected).toContain('%2B');
        expect(expected).toContain('%2F');
      }
    }
  });

  test('a body without the placeholder is refused, never sent without its message', () => {
    expect(() => formWithMessage('Action=SendRawEmail&RawMessage.Data=abc', new Uint8Array(3))).toThrow(
      'SES request body without the message placeholder',
    );
  });
});
