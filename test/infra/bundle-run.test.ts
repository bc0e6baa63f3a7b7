import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleLikeTheStack } from '../../dev/bench/bundle';
import { demoConfig } from '../../dev/demo/demo-config';
import { type LocalEnvironment, startLocalEnvironment, writeJson } from '../../dev/local/local-environment';
import { writePreparedTemplates } from '../../lambda/adapters/render/prepared-templates';
import { BUILT_IN_TEMPLATES_DIR } from '../../lambda/config/templates-dir';

// The bundle as the stack builds it (esbuild, minified, ES module builds of the AWS SDK first),
// with config.json and prepared templates beside it as the stack ships them, run in a Node process
// of its own against the loopback stand-ins: proof that what esbuild keeps still sends a digest.
const NOW = new Date('2026-11-29T06:00:00Z');
const run = promisify(execFile);

let local: LocalEnvironment;
let dir: string;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-bundle-'));
  await bundleLikeTheStack(
    join(__dirname, '..', '..', 'lambda', 'entry', 'handler.ts'),
    join(dir, 'index.js'),
    'node24',
  );
  writePreparedTemplates(BUILT_IN_TEMPLATES_DIR, join(dir, 'templates'));
  await writeJson(join(dir, 'config.json'), demoConfig(local.simulator));
}, 120_000);

afterAll(async () => {
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

test('the bundled handler, run as Lambda runs it, sends the digest', async () => {
  const script = `require(${JSON.stringify(join(dir, 'index.js'))}).handler({ scheduledTime: ${JSON.stringify(NOW.toISOString())} }).then((r) => process.stdout.write(JSON.stringify(r)))`;
  // Nothing of this process's environment but PATH: the bundle must find all it needs itself.
  const env = { PATH: process.env.PATH ?? '', ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' };

  const { stdout } = await run(process.execPath, ['-e', script], { env, cwd: dir });

  const result = JSON.parse(stdout) as { sent: boolean; messageId: string; counts: Record<string, number> };
  const emails = await local.ses.emails();
  expect(emails).toHaveLength(1);
  expect(result).toMatchObject({ sent: true, messageId: emails[0]?.messageId });
  expect(result.counts.failed).toBeGreaterThan(0);
  expect(emails[0]?.subject).toContain(`${result.counts.failed} failed`);
  expect(emails[0]?.attachments.map((a) => a.filename)).toEqual(['backup-jobs-2026-11-28.csv']);
}, 120_000);
