import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { INLINE_STYLES_FILE } from '../../lambda/adapters/render/inline-styles';
import { TemplateError } from '../../lambda/adapters/render/template-error';
import { BUILT_IN_TEMPLATES_DIR } from '../../lambda/config/templates-dir';
import { logicalIdOf, onlyResource, type Synthesized, synthStack, withReport } from './synth-stack';

/** Every file under `dir`, relative to it, sorted: compares two folder trees. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The function code's S3 key: the asset hash of the bundle, plus `.zip`. */
function assetKey(synth: Synthesized): string {
  const { properties } = onlyResource(synth.template, 'AWS::Lambda::Function');
  return (properties.Code as { S3Key: string }).S3Key;
}

/** The staged bundle of the function: the asset directory its S3 key names. */
function bundleDir(synth: Synthesized): string {
  return join(synth.outdir, `asset.${assetKey(synth).replace(/\.zip$/, '')}`);
}

// One esbuild run for the whole file; if the handler is mid-rewrite and does not bundle, this fails.
describe('the bundle', () => {
  let synth: Synthesized;
  let dir: string;
  beforeAll(() => {
    synth = synthStack({
      bundle: true,
      edit: withReport({ title: 'Nightly backups' }),
    });
    dir = bundleDir(synth);
  });
  afterAll(() => synth.cleanup());

  test('holds the handler and its source map', () => {
    expect(existsSync(join(dir, 'index.js'))).toBe(true);
    expect(existsSync(join(dir, 'index.js.map'))).toBe(true);
  });

  test('ships the validated config file, byte for byte, as config.json', () => {
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe(readFileSync(synth.loaded.file, 'utf8'));
  });

  test('ships every template, partials included, under templates/, with its table of styles', () => {
    const shipped = filesUnder(join(dir, 'templates'));

    expect(shipped).toEqual([...filesUnder(BUILT_IN_TEMPLATES_DIR), INLINE_STYLES_FILE].sort());
    expect(shipped.length).toBeGreaterThan(1);
  });

  test('ships the HTML template with its CSS already inlined, so the function needs no juice', () => {
    const html = readFileSync(join(dir, 'templates', 'digest.html.hbs'), 'utf8');

    expect(html).toContain('style="');
    expect(html).not.toBe(readFileSync(join(BUILT_IN_TEMPLATES_DIR, 'digest.html.hbs'), 'utf8'));
  });

  test('leaves juice out: the handler bundle asks for it only where templates are not prepared', () => {
    const bundled = readFileSync(join(dir, 'index.js'), 'utf8');

    expect(bundled).toContain('require("juice")');
    expect(bundled).not.toMatch(/cheerio|parse5/);
  });

  test('exports the handler the function names', () => {
    // The bundle is CommonJS: requiring it only defines the module; the runtime is built on first call.
    const bundled = require(join(dir, 'index.js')) as { handler?: unknown };

    expect(typeof bundled.handler).toBe('function');
  });

  test('changes its asset hash when the config changes, so a config edit redeploys the code', () => {
    const other = synthStack({ bundle: true });
    try {
      expect(assetKey(other)).not.toBe(assetKey(synth));
    } finally {
      other.cleanup();
    }
  });

  test('keeps its asset hash for the same config elsewhere, so an unchanged config does not redeploy', () => {
    const same = synthStack({
      bundle: true,
      edit: withReport({ title: 'Nightly backups' }),
    });
    try {
      expect(same.dir).not.toBe(synth.dir);
      expect(assetKey(same)).toBe(assetKey(synth));
    } finally {
      same.cleanup();
    }
  });
});

describe('a config naming its own templates', () => {
  test("ships that folder as templates/, not the repository's", () => {
    const synth = synthStack({
      bundle: true,
      edit: withReport({ templatesDir: 'operator-templates' }),
      prepare: (dir) => {
        cpSync(BUILT_IN_TEMPLATES_DIR, join(dir, 'operator-templates'), { recursive: true });
        writeFileSync(
          join(dir, 'operator-templates', 'partials', 'signature-text.hbs'),
          'Your backup team\n',
        );
      },
    });
    try {
      const shipped = filesUnder(join(bundleDir(synth), 'templates'));

      expect(shipped).toEqual(
        [...filesUnder(join(synth.dir, 'operator-templates')), INLINE_STYLES_FILE].sort(),
      );
      expect(
        readFileSync(join(bundleDir(synth), 'templates', 'partials', 'signature-text.hbs'), 'utf8'),
      ).toBe('Your backup team\n');
    } finally {
      synth.cleanup();
    }
  });

  test('fails synth, naming the file, when a template is missing', () => {
    const act = () =>
      synthStack({
        edit: withReport({ templatesDir: 'no-such-folder' }),
      });

    expect(act).toThrow(TemplateError);
    expect(act).toThrow(/cannot read template .*no-such-folder\/digest\.html\.hbs/);
  });
});

// The snooze page's own bundle: esbuild must bundle its handler, and it must load.
describe('the snooze page bundle', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthStack({
      bundle: true,
      edit: (raw) => {
        raw.snooze = { enabled: true };
      },
    });
  });
  afterAll(() => synth.cleanup());

  test('exports the handler the function names', () => {
    const page = synth.backupDigest.snoozePage;
    if (!page) throw new Error('snooze.enabled makes the page');
    const fn = synth.template.findResources('AWS::Lambda::Function')[logicalIdOf(page.function)];
    if (!fn) throw new Error('the snooze function is in the template');
    const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const bundled = require(join(synth.outdir, `asset.${key}`, 'index.js')) as { handler?: unknown };

    expect(typeof bundled.handler).toBe('function');
  });
});
