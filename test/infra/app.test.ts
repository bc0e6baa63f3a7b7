import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig, REPO_ROOT } from './synth-stack';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backup-digest-app-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CDK app the way `cdk synth -c config=…` does: context in CDK_CONTEXT_JSON. */
function runApp(configPath: string): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'infra/app.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ config: configPath }),
        CDK_OUTDIR: join(dir, 'cdk.out'),
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('cdk synth with a bad config', () => {
  test('fails naming every bad field by its path, without a stack trace', () => {
    const raw = exampleConfig();
    raw.mail = { ...raw.mail, to: [] };
    (raw.watch?.jobs as Record<string, unknown>[])[0] = { loginName: 'dave', backupSetId: '1687755057700' };
    raw.deploy = { ...raw.deploy, scheduleTimeZone: 'Mars/Olympus' };
    const file = join(dir, 'bad.config.json');
    writeFileSync(file, JSON.stringify(raw));

    const { status, stderr } = runApp(file);

    expect(status).toBe(1);
    expect(stderr).toBe(
      [
        'backup-digest: cannot synthesize.',
        `${file} is invalid:`,
        '  mail.to: must list at least one recipient',
        '  watch.jobs[0].jobId: required',
        '  deploy.scheduleTimeZone: must be an IANA time zone such as "Europe/Berlin" or "UTC"',
        '',
      ].join('\n'),
    );
  });

  test('fails naming the file when it does not exist', () => {
    const { status, stderr } = runApp(join(dir, 'missing.json'));

    expect(status).toBe(1);
    expect(stderr).toContain(`cannot read config file ${join(dir, 'missing.json')}`);
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
