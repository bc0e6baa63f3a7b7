export interface DigestEmail {
  from: string;
  to: string[];
  replyTo?: string | undefined;
  subject: string;
  html: string;
  text: string;
  /**
   * The run this email belongs to (its idempotency key), if any: a retried run sends each part of
   * the email (SES takes 50 recipients a message) at most once.
   */
  onceKey?: string | undefined;
  /** Files sent with the mail, such as the list of every job. */
  attachments?: EmailAttachment[] | undefined;
}

export interface EmailAttachment {
  /** A plain file name, without a path; never from CBS. */
  filename: string;
  /** MIME type, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: Uint8Array;
}

/** Delivers the digest. SES implements it; tests pass a recording fake. */
export interface Mailer {
  /** `messageId` of the first message; `messageIds` of all when the recipients took several. */
  send(email: DigestEmail): Promise<{ messageId: string; messageIds?: string[] }>;
}
