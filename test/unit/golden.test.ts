import { resolve } from 'node:path';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import type { RenderedDigest } from '../../lambda/core/digest-renderer';
import { everyKindOfRow } from '../support/digest-fixtures';
import { expectGolden } from '../support/golden';

// The fixed model rendered with the shipped templates, compared with files a person has read.
// A change to the templates or the view shows here as a diff of what the admin will see.
const TEMPLATES = resolve(__dirname, '../../templates');

let rendered: RenderedDigest;
beforeAll(() => {
  rendered = HandlebarsRenderer.fromDirectory(TEMPLATES).render(everyKindOfRow());
});

describe('the digest of every kind of row', () => {
  test('HTML matches test/golden/every-kind-of-row.html', () => {
    expectGolden('every-kind-of-row.html', rendered.html);
  });

  test('text matches test/golden/every-kind-of-row.txt', () => {
    expectGolden('every-kind-of-row.txt', rendered.text);
  });

  test('the text part fits an 80-column terminal', () => {
    const long = rendered.text.split('\n').filter((line) => [...line].length > 80);

    expect(long).toEqual([]);
  });

  test('the text part reads in the same order as the HTML', () => {
    const order = [
      '8 of 20 backup sets need attention (2 new)',
      'Failed (3)',
      'Missed: no backup ran (2)',
      'Unknown status (1)',
      'Could not be checked (2)',
      'Completed with warnings (2)',
      'Still running (1)',
      'OK (9), by user',
      'Every job, with its figures, is in the attached backup-jobs-2026-11-28.csv.',
    ];

    const at = order.map((line) => rendered.text.split('\n').indexOf(line));

    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('the HTML has no script, no external resource, and escapes every CBS value', () => {
    const { html } = rendered;

    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|https?:\/\/(?!evil\.example)/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Payroll');
    expect(html).toContain('Photos &lt;b&gt;&amp; &quot;more&quot;&lt;/b&gt; ✓');
  });

  test('the HTML starts with a hidden preheader and declares both colour schemes', () => {
    const { html } = rendered;

    expect(html).toMatch(
      /<body[^>]*>\s*<div class="pre" style="display: none;[^"]*">8 of 20 backup sets need attention \(2 new\): /,
    );
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
  });
});

describe('expectGolden', () => {
  test('refuses to write golden files on CI', () => {
    const act = () => expectGolden('every-kind-of-row.txt', 'anything', { UPDATE_GOLDEN: '1', CI: 'true' });

    expect(act).toThrow('UPDATE_GOLDEN=1 is refused on CI');
  });
});
