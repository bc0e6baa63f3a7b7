import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import juice from 'juice';
import { type Detail, MOST_DETAIL } from '../../lambda/adapters/render/detail';
import { digestViews } from '../../lambda/adapters/render/digest-view';
import { HandlebarsRenderer } from '../../lambda/adapters/render/handlebars-renderer';
import { registerInlineStyle } from '../../lambda/adapters/render/inline-styles';
import { htmlPartials } from '../../lambda/adapters/render/partial-use';
import { JUICE_OPTIONS, prepareTemplateCss } from '../../lambda/adapters/render/prepare-css';
import { writePreparedTemplates } from '../../lambda/adapters/render/prepared-templates';
import { registerHelpers } from '../../lambda/adapters/render/template-helpers';
import { everyKindOfRow } from '../support/digest-fixtures';
import { ALL_FAILED, syntheticDigest } from '../support/synthetic-digest';

const TEMPLATES = resolve(__dirname, '../../templates');

/** How the digest was inlined before: juice on every rendered digest, with these options. */
const juiceRendered = (html: string) => juice(html, JUICE_OPTIONS);

/** The templates compiled as they are, and prepared, with the renderer's helpers. */
function compileBoth() {
  const read = (name: string) => readFileSync(join(TEMPLATES, name), 'utf8');
  const partials = new Map(
    ['row-html', 'ok-html', 'row-text', 'ok-text'].map((name) => [name, read(`partials/${name}.hbs`)]),
  );
  const html = read('digest.html.hbs');
  const css = prepareTemplateCss(
    html,
    htmlPartials(html, partials, read('digest.txt.hbs')),
    'digest.html.hbs',
  );
  const raw = Handlebars.create();
  const prepared = Handlebars.create();
  registerHelpers(raw);
  registerHelpers(prepared);
  registerInlineStyle(prepared, css.styles);
  for (const [name, source] of partials) {
    raw.registerPartial(name, source);
    prepared.registerPartial(name, css.partials.get(name) ?? source);
  }
  return { raw: raw.compile(html, { strict: true }), prepared: prepared.compile(css.html, { strict: true }) };
}

describe('CSS inlined once, when the templates are prepared', () => {
  const { raw, prepared } = compileBoth();
  const details: Detail[] = [
    MOST_DETAIL,
    { fullRows: 3, okUsers: 2, okSetNames: false },
    { fullRows: 0, okUsers: 0, okSetNames: false },
  ];

  test.each([
    ['every kind of row', () => everyKindOfRow()],
    ['2,000 jobs', () => syntheticDigest(2000)],
    ['2,000 failed jobs', () => syntheticDigest(2000, ALL_FAILED)],
  ])('gives, at every level of detail, the HTML juice gave each rendered digest: %s', (_name, digest) => {
    const views = digestViews(digest(), 'backup-jobs.csv');
    for (const detail of details) {
      const view = views({ plain: false, detail });

      expect(prepared(view)).toBe(juiceRendered(raw(view)));
    }
  });

  test('a class from data gets its own colour', () => {
    const views = digestViews(everyKindOfRow(), 'backup-jobs.csv');

    const html = prepared(views({ plain: false, detail: MOST_DETAIL }));

    expect(html).toContain(
      '<b class="tag t-failed" style="font-size: 11px; font-weight: bold; color: #b42318;">',
    );
    expect(html).toContain('<b class="t-ok" style="color: #1a7f37;">');
  });

  test('the stack ships the same, prepared into a folder the function reads without juice', () => {
    const out = mkdtempSync(join(tmpdir(), 'backup-digest-prepared-'));
    try {
      writePreparedTemplates(TEMPLATES, out);
      const shipped = HandlebarsRenderer.fromDirectory(out);
      const inPlace = HandlebarsRenderer.fromDirectory(TEMPLATES);

      expect(readFileSync(join(out, 'partials', 'row-html.hbs'), 'utf8')).toContain(
        '<td class="row" style="padding: 6px 0;',
      );
      expect(readFileSync(join(out, 'partials', 'row-text.hbs'), 'utf8')).toBe(
        readFileSync(join(TEMPLATES, 'partials', 'row-text.hbs'), 'utf8'),
      );
      expect(shipped.render(everyKindOfRow()).html).toBe(inPlace.render(everyKindOfRow()).html);
    } finally {
      rmSync(out, { recursive: true });
    }
  });
});
