import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { DigestEmail, Mailer } from '../../core/mailer';
import { MailError } from '../../errors';

/**
 * Sends through SES (v1 `SendEmail`: one HTML and one text part). The client honours
 * `AWS_ENDPOINT_URL_SES`, which is how local runs and tests reach aws-ses-v2-local.
 */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESClient = new SESClient({})) {}

  async send(email: DigestEmail): Promise<{ messageId: string }> {
    const command = new SendEmailCommand({
      Source: email.from,
      Destination: { ToAddresses: email.to },
      ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: {
          Html: { Data: email.html, Charset: 'UTF-8' },
          Text: { Data: email.text, Charset: 'UTF-8' },
        },
      },
    });
    try {
      const answer = await this.client.send(command);
      return { messageId: answer.MessageId ?? '' };
    } catch (cause) {
      throw new MailError(
        `SES did not send the digest: ${(cause as Error).name}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
}
