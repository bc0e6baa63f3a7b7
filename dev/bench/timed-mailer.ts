import type { DigestEmail, Mailer } from '../../lambda/core/mailer';

/** A mailer that times the one it wraps. */
export class TimedMailer implements Mailer {
  sendMs = 0;

  constructor(private readonly inner: Mailer) {}

  async send(email: DigestEmail): Promise<{ messageId: string }> {
    const started = performance.now();
    try {
      return await this.inner.send(email);
    } finally {
      this.sendMs += performance.now() - started;
    }
  }
}
