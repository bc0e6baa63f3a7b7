import { tomcatErrorPage } from './tomcat-error-page';

/** What the simulator sends for one request; the server adds `latencyMs` before sending it. */
export type Reply =
  | {
      kind: 'answer';
      status: number;
      headers: Readonly<Record<string, string>>;
      /** Sent with its Content-Length. */
      body: string;
      /** Added to `latencyMs`. */
      extraDelayMs?: number;
    }
  | {
      kind: 'stream';
      status: number;
      headers: Readonly<Record<string, string>>;
      /** Sent chunked, chunk by chunk as the client takes them. */
      chunks: () => Iterable<string>;
    }
  /** No answer: the connection is reset. */
  | { kind: 'reset' };

export const JSON_TYPE = 'application/json;charset=UTF-8';
export const HTML_TYPE = 'text/html;charset=utf-8';

export function jsonReply(body: string, extraDelayMs = 0): Reply {
  return { kind: 'answer', status: 200, headers: { 'Content-Type': JSON_TYPE }, body, extraDelayMs };
}

export function htmlReply(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { kind: 'answer', status, headers: { 'Content-Type': HTML_TYPE, ...headers }, body };
}

/** Tomcat's own error page, as CBS answers outside the JSON API. */
export function tomcatReply(status: number, description: string): Reply {
  return htmlReply(status, tomcatErrorPage(status, description));
}
