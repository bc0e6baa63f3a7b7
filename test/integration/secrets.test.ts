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
import { json, startScriptedServer } from '../support/scripted-http-server';
import { handlerWithConfig } from '../support/use-config';

// SysPwd must appear in no log line, error, email or return value, whatever fails.
const SECRET = 'Sup3r-S3cret-CBS-Pa55word';

let local: LocalEnvironment;
let ssm: SsmStandIn;
let restoreEnv: () => void;
let dir: string;
let output: string[];
let restoreWrites: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo' });
  // CBS knows another password than the one we hold: every call is refused.
  ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({ SysUser: 'system', SysPwd: SECRET }),
  });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-secrets-'));
  restoreEnv = applyEnv({ ...local.env, AWS_ENDPOINT_URL_SSM: ssm.url, POWERTOOLS_LOG_LEVEL: 'DEBUG' });
});

afterAll(async () => {
  restoreEnv();
  await Promise.all([local.stop(), ssm.stop()]);
});

beforeEach(async () => {
  await local.ses.clear();
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

async function runWith(config: unknown, event: unknown): Promise<unknown> {
  const handler = await handlerWithConfig(dir, config);
  return handler(event).then(
    (result) => result,
    (error: unknown) => error,
  );
}

/** Everything the run produced: logs, the result or error (with its causes), every email, raw. */
async function everythingProduced(outcome: unknown): Promise<string> {
  const causes: unknown[] = [];
  for (let e = outcome; e instanceof Error; e = e.cause)
    causes.push({ name: e.name, message: e.message, stack: e.stack });
  const emails = await local.ses.emails();
  const raw = await Promise.all(emails.map((e) => local.ses.rawMessage(e.messageId)));
  return [
    output.join(''),
    JSON.stringify(outcome),
    JSON.stringify(causes),
    JSON.stringify(emails),
    ...raw,
  ].join('\n');
}

test('CBS refusing the credentials: the notice and the logs name the cause, never the password', async () => {
  const outcome = await runWith(demoConfig(local.simulator), { scheduledTime: new Date().toISOString() });

  expect(outcome).toBeInstanceOf(Error);
  const produced = await everythingProduced(outcome);
  expect(produced).toContain('Incorrect system username/password');
  // The logs were captured too: the run logged the cause at error level.
  expect(output.join('')).toMatch(/"level":"ERROR","message":"no digest"/);
  expect((await local.ses.emails()).map((e) => e.subject)).toEqual([
    expect.stringContaining('FAILED, no digest: CBS refused the system user'),
  ]);
  expect(produced).not.toContain(SECRET);
});

test('errors from the HTTP layer (refused connection, timeout, proxy page) never carry the password', async () => {
  const proxy = await startScriptedServer((req, res) => {
    if (req.body.LoginName === 'alice') {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html>Bad gateway for ${JSON.stringify(req.body)}</html>`);
    } else if (req.body.LoginName === 'bob') {
      json(res, {
        Status: 'Error',
        Message: `Password ${String(req.body.SysPwd)} is not accepted`,
        ExptType: 'X',
      });
    } else {
      // never answers: the request times out
    }
  });
  const config = demoConfig(local.simulator);
  try {
    const outcome = await runWith(
      {
        ...config,
        cbs: {
          ...config.cbs,
          baseUrl: proxy.url,
          requestTimeoutMs: 300,
          maxAttempts: 2,
          retryBaseDelayMs: 5,
        },
      },
      { dryRun: true },
    );
    const produced = await everythingProduced(outcome);
    expect(produced).toContain('HTTP 502');
    expect(produced).toContain('no answer within 300 ms');
    expect(produced).not.toContain(SECRET);
  } finally {
    await proxy.stop();
  }
});

test('a credentials value that is not JSON is reported without quoting it', async () => {
  const bad = await startSsmStandIn({ [CREDENTIALS_PARAMETER]: `SysUser=system;SysPwd=${SECRET}` });
  process.env.AWS_ENDPOINT_URL_SSM = bad.url;
  try {
    const outcome = await runWith(demoConfig(local.simulator), {});
    expect(String(outcome)).toContain('is not JSON');
    expect(await everythingProduced(outcome)).not.toContain(SECRET);
  } finally {
    process.env.AWS_ENDPOINT_URL_SSM = ssm.url;
    await bad.stop();
  }
});
