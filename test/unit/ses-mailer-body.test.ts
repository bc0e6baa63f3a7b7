import { Readable } from 'node:stream';
import { SESClient } from '@aws-sdk/client-ses';
import { simpleParser } from 'mailparser';
import { SesMailer } from '../../lambda/adapters/mail/ses-mailer';

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
});
