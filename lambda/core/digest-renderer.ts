import type { Digest } from './digest';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** Turns a digest into an email's parts. The Handlebars renderer implements it. */
export interface DigestRenderer {
  render(digest: Digest): RenderedDigest;
}
