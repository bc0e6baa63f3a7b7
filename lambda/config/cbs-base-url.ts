import * as z from 'zod';
import { unlessMissing } from './fields';

/**
 * `cbs.baseUrl`, read as a browser would read it (WHATWG URL), so the checks see what the client
 * will connect to: `HTTP://` is plain http, `0xA9FEA9FE` is 169.254.169.254.
 *
 * - No query or fragment: the client appends `/obs/api/json/<Name>.do`, and after `?` or `#` that
 *   path would no longer be the path (every POST would go to `/`).
 * - No `user:password@`: it would be sent in the clear-text Authorization header of every call,
 *   and it is a second secret in a file that is not a secret store.
 * - No link-local or instance-metadata address: a mistyped or hostile config must not point the
 *   function, with the CBS password in every body, at the cloud's metadata service.
 */
export const cbsBaseUrl = z
  .string({ error: unlessMissing('must be an http(s) URL such as https://cbs.example.com') })
  .superRefine((text, ctx) => {
    const problem = baseUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Whether a parsed base URL uses plain http (the scheme compared as the URL parser reads it). */
export function isPlainHttp(baseUrl: string): boolean {
  return URL.canParse(baseUrl) && new URL(baseUrl).protocol === 'http:';
}

function baseUrlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return 'must be an http(s) URL such as https://cbs.example.com';
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must be an http(s) URL such as https://cbs.example.com';
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not carry a user name or password (user:pass@): the credentials come from cbs.credentialsParameter';
  }
  if (url.search !== '' || text.includes('?'))
    return 'must not have a query (?…): the API path is appended to it';
  if (url.hash !== '' || text.includes('#'))
    return 'must not have a fragment (#…): the API path is appended to it';
  if (isLinkLocalOrMetadata(url.hostname)) {
    return `must not point at a link-local or instance-metadata address (${url.hostname})`;
  }
  return undefined;
}

/**
 * 169.254.0.0/16 (IPv4 link-local, AWS/GCP/Azure metadata at 169.254.169.254), fe80::/10 (IPv6
 * link-local), fd00:ec2::254 (AWS metadata over IPv6), their IPv4-mapped IPv6 forms, and the
 * metadata names cloud resolvers answer.
 */
export function isLinkLocalOrMetadata(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (/^fe[89ab][0-9a-f]:/.test(host)) return true;
  if (/^fd00:ec2::254$/.test(host)) return true;
  // ::ffff:169.254.x.y, which the URL parser writes as ::ffff:a9fe:xxxx.
  if (/^::ffff:a9fe:[0-9a-f]{1,4}$/.test(host) || /^::ffff:169\.254\./.test(host)) return true;
  return (
    host === 'metadata.google.internal' || host === 'instance-data' || host === 'instance-data.ec2.internal'
  );
}
