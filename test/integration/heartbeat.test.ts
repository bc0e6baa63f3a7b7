import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from '../../dev/demo/demo-config';
import {
  applyEnv,
  CREDENTIALS_PARAMETER,
  type LocalEnvironment,
  startLocalEnvironment,
} from '../../dev/local/local-environment';
import { type SsmStandIn, startSsmStandIn } from '../../dev/local/ssm-stand-in';
import { startScriptedServer } from '../support/scripted-http-server';
import { handlerWithConfig } from '../support/use-config';

// deploy.heartbeatUrl over loopback: the URL in the SSM stand-in, a monitor that records pings.
const HEARTBEAT_PARAMETER = '/backup-digest/heartbeat-url';
const CHECK_KEY = '0d6c54f3-heartbeat-check-key';

type Monitor = Awaited<ReturnType<typeof startScriptedServer>>;
let local: LocalEnvironment;
let ssm: SsmStandIn;
let monitor: Monitor;
let monitorStatus: number;
let restoreEnv: () => void;
let dir: string;
let output: string[];
let restoreWrites: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo' });
  monitor = await startScriptedServer((_request, res) => {
    res.writeHead(monitorStatus);
    res.end('OK');
  });
  ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({
      SysUser: local.simulator.sysUser,
      SysPwd: local.simulator.sysPwd,
    }),
    [HEARTBEAT_PARAMETER]: `${monitor.url}/${CHECK_KEY}`,
  });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-heartbeat-'));
  restoreEnv = applyEnv({
    ...local.env,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    // The metrics are EMF lines in the same output: the failed ping must be counted there.
    DIGEST_NAME: 'BackupDigest-heartbeat',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
});

afterAll(async () => {
  restoreEnv();
  await Promise.all([local.stop(), ssm.stop(), monitor.stop()]);
});

beforeEach(async () => {
  await local.ses.clear();
  monitor.requests.length = 0;
  monitorStatus = 200;
  output = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  restoreWrites = () => {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  };
});

afterEach(() => restoreWrites());

function configWith(overrides: { baseUrl?: string } = {}) {
  const config = demoConfig(local.simulator);
  return {
    ...config,
    cbs: { ...config.cbs, ...overrides, requestTimeoutMs: 300, maxAttempts: 1 },
    deploy: { heartbeatUrl: { parameter: HEARTBEAT_PARAMETER } },
  };
}

async function run(config: unknown): Promise<unknown> {
  const handler = await handlerWithConfig(dir, config);
  return handler({ scheduledTime: new Date().toISOString() }).then(
    (result) => result,
    (error: unknown) => error,
  );
}

const logLines = () =>
  output
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test('a sent digest pings the monitor once, after the email went; the URL is never logged', async () => {
  const result = await run(configWith());

  expect(result).toMatchObject({ sent: true });
  expect(await local.ses.emails()).toHaveLength(1);
  expect(monitor.requests.map((r) => [r.method, r.path])).toEqual([['GET', `/${CHECK_KEY}`]]);
  expect(ssm.requests).toContainEqual({ name: HEARTBEAT_PARAMETER, withDecryption: true });
  expect(logLines()).toContainEqual(expect.objectContaining({ message: 'heartbeat sent', attempts: 1 }));
  expect(output.join('')).not.toContain(CHECK_KEY);
});

test('a quiet all-clear night sends no email and still pings: silence by choice is not a dead schedule', async () => {
  const config = configWith();
  const bob = local.simulator.users().find((u) => u.loginName === 'bob');
  const photos = bob?.sets.find((s) => s.name.startsWith('Photos'));
  // Only bob's Photos set, whose nightly job always succeeds: nothing needs attention.
  const result = await run({
    ...config,
    report: { ...config.report, sendWhen: 'attention' },
    watch: { backupSets: [{ loginName: 'bob', owner: bob?.owner, backupSetId: photos?.id }] },
  });

  expect(result).toMatchObject({ sent: false, quiet: true });
  expect(await local.ses.emails()).toEqual([]);
  expect(monitor.requests.map((r) => r.path)).toEqual([`/${CHECK_KEY}`]);
});

test('a failed run (no usable answer from CBS) sends the notice and no ping', async () => {
  const closed = await startScriptedServer(() => undefined);
  const url = closed.url;
  await closed.stop();

  const outcome = await run(configWith({ baseUrl: url }));

  expect(outcome).toBeInstanceOf(Error);
  expect((await local.ses.emails()).map((e) => e.subject)).toEqual([expect.stringContaining('FAILED')]);
  expect(monitor.requests).toEqual([]);
  expect(output.join('')).not.toContain(CHECK_KEY);
});

test('a monitor that fails: retried once, logged and counted, and the run still succeeds', async () => {
  monitorStatus = 500;

  const result = await run(configWith());

  expect(result).toMatchObject({ sent: true });
  expect(await local.ses.emails()).toHaveLength(1);
  expect(monitor.requests).toHaveLength(2);
  const lines = logLines();
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: 'WARN',
      message: 'heartbeat ping failed',
      attempts: 2,
      reason: 'HTTP 500',
    }),
  );
  expect(lines).toContainEqual(
    expect.objectContaining({ digest: 'BackupDigest-heartbeat', HeartbeatFailed: 1 }),
  );
  expect(output.join('')).not.toContain(CHECK_KEY);
});
