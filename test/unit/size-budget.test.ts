import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { simpleParser } from 'mailparser';
import { composeMime } from '../../lambda/adapters/mail/ses-mailer';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import { ALL_FAILED, syntheticDigest } from '../support/synthetic-digest';

// Sizes, not timings: Gmail clips HTML past about 102 KB, SES refuses a message past 10 MB.
const HTML_LIMIT = 100 * 1000;
const SES_LIMIT = 10 * 1000 * 1000;
const TEMPLATES = resolve(__dirname, '../../templates');
const renderer = HandlebarsRenderer.fromDirectory(TEMPLATES);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const count = (text: string, part: string) => text.split(part).length - 1;

describe('2,000 jobs', () => {
  test('with the usual few problems, the HTML stays under 100 KB and shows every problem in full', () => {
    const digest = syntheticDigest(2000);
    const { failed, missed } = digest.totals.byClass;
    expect(failed + missed).toBeGreaterThan(100);

    const { html } = renderer.render(digest);

    expect(bytes(html)).toBeLessThan(HTML_LIMIT);
    expect(count(html, '>FAILED</b>')).toBe(failed);
    expect(count(html, '>MISSED</b>')).toBe(missed);
  });

  test('when every one failed, the HTML still stays under 100 KB and points to the CSV for the rest', () => {
    const digest = syntheticDigest(2000, ALL_FAILED);

    const { html, text, attachments } = renderer.render(digest);

    expect(bytes(html)).toBeLessThan(HTML_LIMIT);
    const shown = count(html, '>FAILED</b>');
    expect(shown).toBeGreaterThan(100);
    const more = `${(2000 - shown).toLocaleString('en-US')} more not shown here for lack of room; every job is in the attached backup-jobs-2026-11-28.csv.`;
    expect(html).toContain(more);
    expect(text.replace(/\s+/g, ' ')).toContain(more);
    expect(attachments?.[0]?.filename).toBe('backup-jobs-2026-11-28.csv');
  });
});

test("50,000 jobs make one message within SES's 10 MB, with every job in the zipped CSV", async () => {
  const digest = syntheticDigest(50_000);
  const rendered = renderer.render(digest);

  const mime = await composeMime({ from: 'digest@example.com', to: ['ops@example.com'], ...rendered });

  expect(mime.length).toBeLessThan(SES_LIMIT);
  expect(bytes(rendered.html)).toBeLessThan(HTML_LIMIT);
  const parsed = await simpleParser(mime);
  expect(parsed.attachments.map((a) => a.filename)).toEqual(['backup-jobs-2026-11-28.csv.zip']);
  const csv = unzipSync(parsed.attachments[0]?.content ?? new Uint8Array())['backup-jobs-2026-11-28.csv'];
  expect(count(Buffer.from(csv ?? []).toString('utf8'), '\r\n')).toBe(50_000 + 1);
}, 60_000);
