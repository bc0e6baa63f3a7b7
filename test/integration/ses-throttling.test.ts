import { SESClient } from '@aws-sdk/client-ses';
import { MailError } from '../../lambda/adapters/mail/mail-error';
import { SesMailer } from '../../lambda/adapters/mail/ses-mailer';
import { startScriptedServer } from '../support/scripted-http-server';

// SES answers "Maximum sending rate exceeded" when a burst passes the account's rate: the real
// SDK, against a loopback endpoint that speaks SES's query protocol, must retry rather than fail.
const throttled = `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>r1</RequestId></ErrorResponse>`;
const sent = `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>mid-ok</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></SendRawEmailResponse>`;

const email = {
  from: 'digest@example.com',
  to: ['ops@example.com'],
  subject: 'Backups 2026-11-28: 1 ok',
  html: '<p>ok</p>',
  text: 'ok',
};

async function withSes(
  throttleFirst: number,
  run: (mailer: SesMailer, requests: () => number) => Promise<void>,
) {
  let requests = 0;
  const ses = await startScriptedServer((_req, res) => {
    requests += 1;
    res.writeHead(requests <= throttleFirst ? 400 : 200, { 'content-type': 'text/xml' });
    res.end(requests <= throttleFirst ? throttled : sent);
  });
  const client = new SESClient({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 4,
  });
  try {
    await run(new SesMailer(client), () => requests);
  } finally {
    client.destroy();
    await ses.stop();
  }
}

test('throttling is retried until SES accepts the message', async () => {
  await withSes(2, async (mailer, requests) => {
    await expect(mailer.send(email)).resolves.toMatchObject({ messageId: 'mid-ok' });
    expect(requests()).toBe(3);
  });
});

test('throttling that outlasts the retries is a MailError naming it', async () => {
  await withSes(10, async (mailer, requests) => {
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailError);
    expect((error as Error).message).toBe(
      'SES did not send the digest: Throttling: Maximum sending rate exceeded.',
    );
    expect(requests()).toBe(4);
  });
});
