import type { DigestEmail, Mailer } from '../../lambda/core/mailer';

/** A mailer that keeps what it was asked to send. */
export class RecordingMailer implements Mailer {
  readonly sent: DigestEmail[] = [];

  async send(email: DigestEmail): Promise<{ messageId: string }> {
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
}
