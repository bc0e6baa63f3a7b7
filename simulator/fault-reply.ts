import { passwordExpired, wrongCredentials } from './cbs-request-error';
import { DEFAULT_HUGE_BYTES, DEFAULT_PROXY_STATUS, DEFAULT_RETRY_AFTER_SECONDS, type Fault } from './fault';
import { hugeAnswer } from './huge-answer';
import { proxyErrorPage, signInPage } from './proxy-pages';
import { htmlReply, JSON_TYPE, jsonReply, type Reply } from './reply';

/** The reply a fault gives instead of `normal`, the JSON text the call would otherwise get. */
export function faultReply(fault: Fault, normal: () => string): Reply {
  switch (fault.mode) {
    case 'slow':
      return jsonReply(normal(), fault.delayMs);
    case 'reset':
      return { kind: 'reset' };
    case 'proxy-error': {
      const status = fault.status ?? DEFAULT_PROXY_STATUS;
      return htmlReply(status, proxyErrorPage(status));
    }
    case 'html-page':
      return htmlReply(200, signInPage());
    case 'malformed-json': {
      // A proper prefix of a JSON object is never valid JSON: its closing brace is the last byte.
      const text = normal();
      return jsonReply(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    case 'huge-body': {
      const bytes = fault.bytes ?? DEFAULT_HUGE_BYTES;
      return {
        kind: 'stream',
        status: 200,
        headers: { 'Content-Type': JSON_TYPE },
        chunks: () => hugeAnswer(bytes),
      };
    }
    case 'wrong-credentials':
      return jsonReply(JSON.stringify(wrongCredentials().toBody()));
    case 'password-expired':
      return jsonReply(JSON.stringify(passwordExpired().toBody()));
    case 'too-many-requests': {
      const retryAfter = String(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
      return htmlReply(429, proxyErrorPage(429), { 'Retry-After': retryAfter });
    }
  }
}
