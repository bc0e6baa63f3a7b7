import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { MailError } from '../../lambda/adapters/mail/mail-error';
import type { SentBatches } from '../../lambda/adapters/mail/sent-batches';
import { SesMailer } from '../../lambda/adapters/mail/ses-mailer';

/** The ledger of sent batches, in memory. */
class MemorySentBatches implements SentBatches {
  private readonly batches = new Map<string, string>();
  async sent(batchKey: string): Promise<string | undefined> {
    return this.batches.get(batchKey);
  }
  async record(batchKey: string, messageId: string): Promise<void> {
    this.batches.set(batchKey, messageId);
  }
}

const email = {
  from: 'digest@example.com',
  to: ['ops@example.com', 'oncall@example.com'],
  replyTo: 'noc@example.com',
  subject: 'Backups 2026-11-28: 1 failed, 3 ok — Ünïcode',
  html: '<p>1 of 4 backup sets needs attention</p>',
  text: '1 of 4 backup sets needs attention',
};

describe('SesMailer', () => {
  test('sends one raw MIME message to every recipient, with text and HTML parts', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(SendRawEmailCommand).resolves({ MessageId: 'mid-1' });

    const result = await new SesMailer(client).send(email);

    expect(result).toEqual({ messageId: 'mid-1', messageIds: ['mid-1'] });
    const input = mock.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(input?.Source).toBe('digest@example.com');
    expect(input?.Destinations).toEqual(['ops@example.com', 'oncall@example.com']);
    const parsed = await simpleParser(Buffer.from(input?.RawMessage?.Data ?? new Uint8Array()));
    expect(parsed.subject).toBe(email.subject);
    expect(parsed.text?.trim()).toBe(email.text);
    expect(parsed.html).toContain(email.html);
    expect(parsed.replyTo?.text).toBe('noc@example.com');
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  test('attachments travel as further parts of a multipart/mixed message, byte for byte', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(SendRawEmailCommand).resolves({ MessageId: 'mid-2' });
    const csv = Buffer.from('\uFEFFclass,user\r\nfailed,"bob ""the builder"""\r\n', 'utf8');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x0d, 0x0a]);

    await new SesMailer(client).send({
      ...email,
      attachments: [
        { filename: 'backup-jobs-2026-11-28.csv', contentType: 'text/csv; charset=utf-8', content: csv },
        { filename: 'backup-jobs-2026-11-28.csv.zip', contentType: 'application/zip', content: zip },
      ],
    });

    const input = mock.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    const parsed = await simpleParser(Buffer.from(input?.RawMessage?.Data ?? new Uint8Array()));
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
    expect(parsed.text?.trim()).toBe(email.text);
    expect(parsed.html).toContain(email.html);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition])).toEqual([
      ['backup-jobs-2026-11-28.csv', 'text/csv', 'attachment'],
      ['backup-jobs-2026-11-28.csv.zip', 'application/zip', 'attachment'],
    ]);
    expect(parsed.attachments[0]?.content.equals(csv)).toBe(true);
    expect(parsed.attachments[1]?.content.equals(Buffer.from(zip))).toBe(true);
  });

  test('an SES refusal becomes a MailError naming the SES error', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    mockClient(client)
      .on(SendRawEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));

    const error = await new SesMailer(client).send(email).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MailError);
    expect((error as Error).message).toBe(
      'SES did not send the digest: MessageRejected: Email address is not verified.',
    );
  });
});

describe('SesMailer at SES limits', () => {
  test('more than 50 recipients go as several messages, each to at most 50, all of them reached once', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    let n = 0;
    mock.on(SendRawEmailCommand).callsFake(async () => ({ MessageId: `mid-${++n}` }));
    const to = Array.from({ length: 120 }, (_, i) => `admin${i}@example.com`);

    const result = await new SesMailer(client).send({ ...email, to });

    const calls = mock.commandCalls(SendRawEmailCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Destinations?.length)).toEqual([50, 50, 20]);
    expect(calls.flatMap((c) => c.Destinations)).toEqual(to);
    const third = await simpleParser(Buffer.from(calls[2]?.RawMessage?.Data ?? new Uint8Array()));
    const headerTo = Array.isArray(third.to) ? third.to : [third.to];
    expect(headerTo.flatMap((a) => a?.value.map((v) => v.address))).toEqual(to.slice(100));
    expect(result).toEqual({ messageId: 'mid-1', messageIds: ['mid-1', 'mid-2', 'mid-3'] });
  });

  test('a retried run whose second batch failed does not send the first batch again', async () => {
    // prepare: SES accepts the first batch, then refuses the second once.
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    let n = 0;
    mock
      .on(SendRawEmailCommand)
      .callsFakeOnce(async () => ({ MessageId: `mid-${++n}` }))
      .rejectsOnce(Object.assign(new Error('Daily message quota exceeded'), { name: 'Throttling' }))
      .callsFake(async () => ({ MessageId: `mid-${++n}` }));
    const to = Array.from({ length: 70 }, (_, i) => `admin${i}@example.com`);
    const mailer = new SesMailer(client, new MemorySentBatches());
    const run = { ...email, to, onceKey: 'schedule:2026-11-29T06:00:00.000Z' };

    // act: the run fails; Lambda retries the same run.
    await expect(mailer.send(run)).rejects.toBeInstanceOf(MailError);
    const retry = await mailer.send(run);

    // assert: every recipient got exactly one message.
    const sentTo = mock.commandCalls(SendRawEmailCommand).map((c) => c.args[0].input.Destinations ?? []);
    expect(sentTo.map((d) => d.length)).toEqual([50, 20, 20]);
    const delivered = [sentTo[0], sentTo[2]].flat();
    expect(delivered).toEqual(to);
    expect(retry).toEqual({ messageId: 'mid-1', messageIds: ['mid-1', 'mid-2'] });
  });

  test('without a run key every send sends every batch (a new on-demand run is a new email)', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(SendRawEmailCommand).resolves({ MessageId: 'mid' });
    const mailer = new SesMailer(client, new MemorySentBatches());
    const to = Array.from({ length: 60 }, (_, i) => `admin${i}@example.com`);

    await mailer.send({ ...email, to });
    await mailer.send({ ...email, to });

    expect(mock.commandCalls(SendRawEmailCommand)).toHaveLength(4);
  });

  test('a message over 10 MB goes without its attachment, saying what was left out', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(SendRawEmailCommand).resolves({ MessageId: 'mid-1' });
    const big = new Uint8Array(9 * 1024 * 1024).fill(65);

    await new SesMailer(client).send({
      ...email,
      html: '<html><body style="margin:0"><p>digest</p></body></html>',
      attachments: [{ filename: 'backup-jobs-2026-11-28.csv', contentType: 'text/csv', content: big }],
    });

    const raw = Buffer.from(mock.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data ?? []);
    expect(Math.ceil(raw.byteLength / 3) * 4).toBeLessThan(10 * 1024 * 1024);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments).toEqual([]);
    const note = 'Left out for size: backup-jobs-2026-11-28.csv (9.0 MB).';
    expect(parsed.text).toContain(note);
    expect(parsed.html).toContain(`<body style="margin:0"><p style="font-weight:bold">${note}`);
  });

  test('a message within the limit keeps its attachment', async () => {
    const client = new SESClient({ region: 'us-east-1' });
    const mock = mockClient(client);
    mock.on(SendRawEmailCommand).resolves({ MessageId: 'mid-1' });

    await new SesMailer(client).send({
      ...email,
      attachments: [
        { filename: 'jobs.csv', contentType: 'text/csv', content: new Uint8Array(1024).fill(66) },
      ],
    });

    const raw = Buffer.from(mock.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data ?? []);
    expect((await simpleParser(raw)).attachments.map((a) => a.filename)).toEqual(['jobs.csv']);
  });
});
