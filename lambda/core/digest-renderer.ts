import type { Digest } from './digest';
import type { EmailAttachment } from './mailer';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
  /** Sent with the mail; the run passes them to the mailer unchanged. */
  attachments?: EmailAttachment[] | undefined;
}

/** Turns a digest into an email's parts. The Handlebars renderer implements it. */
export interface DigestRenderer {
  render(digest: Digest): RenderedDigest;
}
