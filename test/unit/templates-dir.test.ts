import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TemplateError } from '../../lambda/adapters/render/template-error';
import { ConfigError } from '../../lambda/config/config-error';
import { parseConfig } from '../../lambda/config/load-config';
import { configuredTemplatesDir, runtimeTemplatesDir } from '../../lambda/config/templates-dir';
import { createRuntime } from '../../lambda/entry/runtime';
import { everyKindOfRow } from '../support/digest-fixtures';

// An operator's own templates: named in the config, relative to the config file, checked at start-up.
const TEMPLATES = resolve(__dirname, '../../templates');
const MINIMAL_CONFIG = resolve(__dirname, '../fixtures/config/minimal.config.json');

function minimalConfig(report: Record<string, unknown>): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(MINIMAL_CONFIG, 'utf8')) as Record<string, unknown>;
  return { ...raw, report };
}

describe('report.templatesDir', () => {
  test('is optional, and a relative path is read against the config file, not the working directory', () => {
    const config = parseConfig(minimalConfig({ templatesDir: 'templates/ours' }));

    expect(configuredTemplatesDir(config, '/etc/backup-digest/prod.json')).toBe(
      '/etc/backup-digest/templates/ours',
    );
    expect(configuredTemplatesDir(parseConfig(minimalConfig({})), '/etc/x.json')).toBeUndefined();
  });

  test('an absolute path stays as it is', () => {
    const config = parseConfig(minimalConfig({ templatesDir: '/srv/templates' }));

    expect(configuredTemplatesDir(config, '/etc/backup-digest/prod.json')).toBe('/srv/templates');
  });

  test('must not be empty', () => {
    expect(() => parseConfig(minimalConfig({ templatesDir: ' ' }))).toThrow(ConfigError);
    expect(() => parseConfig(minimalConfig({ templatesDir: ' ' }))).toThrow(
      'report.templatesDir: must not be empty',
    );
  });

  test("TEMPLATES_DIR wins over it; with neither, the repository's templates are used", () => {
    const ours = parseConfig(minimalConfig({ templatesDir: '/cfg/ours' }));
    const plain = parseConfig(minimalConfig({}));
    const noBundle = '/nowhere';
    expect(runtimeTemplatesDir(ours, '/etc/x.json', noBundle, {})).toBe('/cfg/ours');
    expect(runtimeTemplatesDir(ours, '/etc/x.json', noBundle, { TEMPLATES_DIR: '/env/templates' })).toBe(
      '/env/templates',
    );
    expect(runtimeTemplatesDir(plain, '/etc/x.json', noBundle, {})).toBe(TEMPLATES);
  });
});

describe('a runtime built from a config that names its own templates', () => {
  let dir: string;
  let savedTemplatesDir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backup-digest-own-templates-'));
    savedTemplatesDir = process.env.TEMPLATES_DIR;
    delete process.env.TEMPLATES_DIR;
    cpSync(TEMPLATES, join(dir, 'ours'), { recursive: true });
    mkdirSync(join(dir, 'config'));
    writeFileSync(
      join(dir, 'config', 'digest.json'),
      JSON.stringify(minimalConfig({ templatesDir: '../ours' })),
    );
  });
  afterEach(() => {
    if (savedTemplatesDir !== undefined) process.env.TEMPLATES_DIR = savedTemplatesDir;
    rmSync(dir, { recursive: true, force: true });
  });

  test('renders with them', async () => {
    const text = join(dir, 'ours', 'digest.txt.hbs');
    writeFileSync(text, `Our own digest\n${readFileSync(text, 'utf8')}`);

    const runtime = await createRuntime({ configPath: join(dir, 'config', 'digest.json') });
    try {
      expect(runtime.renderer.render(everyKindOfRow()).text.split('\n')[0]).toBe('Our own digest');
    } finally {
      await runtime.cbsConnections.close();
    }
  });

  test('fails at start-up with a TemplateError naming the broken file', async () => {
    const html = join(dir, 'ours', 'digest.html.hbs');
    writeFileSync(html, readFileSync(html, 'utf8').replace('{{verdict}}', '{{verdict}'));

    const failed = createRuntime({ configPath: join(dir, 'config', 'digest.json') });

    await expect(failed).rejects.toThrow(TemplateError);
    await expect(failed).rejects.toThrow(`template ${html} does not compile`);
  });
});
