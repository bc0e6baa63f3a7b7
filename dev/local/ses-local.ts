import type { AddressInfo } from 'node:net';
import startSesServer from 'aws-ses-v2-local';

/** A message as aws-ses-v2-local stores it (`GET /store`). */
export interface ReceivedEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** As mailparser read them from the raw message; `content` is base64. */
  attachments: { filename?: string; contentType: string; content: string }[];
  at: number;
}

export interface SesLocal {
  url: string;
  emails(): Promise<ReceivedEmail[]>;
  /**
   * One email as a MIME message. aws-ses-v2-local parses what it receives and composes this anew
   * from the parsed parts (headers, bodies, attachments), so it shows what a mail client would see.
   */
  rawMessage(messageId: string): Promise<string>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts aws-ses-v2-local on a free loopback port; the SDK reaches it via AWS_ENDPOINT_URL_SES. */
export async function startSesLocal(): Promise<SesLocal> {
  const server = await startSesServer({ host: '127.0.0.1', port: 0 });
  // Idle connections are never closed by the stand-in (stop() closes them all): under load, its
  // 5 s idle timeout raced the tests' next request on a kept-alive socket (ECONNRESET).
  server.keepAliveTimeout = 0;
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async emails() {
      const answer = (await (await fetch(`${url}/store`)).json()) as { emails: ReceivedEmail[] };
      return answer.emails;
    },
    async rawMessage(messageId) {
      const answer = (await (
        await fetch(`${url}/get-emlContent?messageId=${encodeURIComponent(messageId)}`)
      ).json()) as { body: { data: number[] } };
      return Buffer.from(answer.body.data).toString('utf8');
    },
    async clear() {
      await fetch(`${url}/clear-store`, { method: 'POST' });
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
