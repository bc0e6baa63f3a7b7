export interface DigestEmail {
  from: string;
  to: string[];
  replyTo?: string | undefined;
  subject: string;
  html: string;
  text: string;
}

/** Delivers the digest. SES implements it; tests pass a recording fake. */
export interface Mailer {
  send(email: DigestEmail): Promise<{ messageId: string }>;
}
