import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  applyEnv,
  CREDENTIALS_PARAMETER,
  type LocalEnvironment,
  simulatorCbs,
  startLocalEnvironment,
} from '../../dev/local/local-environment';
import { type SsmStandIn, startSsmStandIn } from '../../dev/local/ssm-stand-in';
import { CbsTransportError } from '../../lambda/adapters/cbs/cbs-errors';
import { CbsHttpClient } from '../../lambda/adapters/cbs/cbs-http-client';
import { json, startScriptedServer } from '../support/scripted-http-server';
import { handlerWithConfig } from '../support/use-config';

// A server or proxy may echo the password anywhere and in any encoding; none of it may get out.
const SECRET = `p<a&s"s w/rd'é+%`;
const FORMS = {
  plain: SECRET,
  html: SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  url: encodeURIComponent(SECRET),
  json: JSON.stringify(SECRET).slice(1, -1),
};

let local: LocalEnvironment;
let ssm: SsmStandIn;
let restoreEnv: () => void;
const output: string[] = [];
let restoreWrites: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo' });
  ssm = await startSsmStandIn({
    [CREDENTIALS_PARAMETER]: JSON.stringify({ SysUser: 'system', SysPwd: SECRET }),
  });
  restoreEnv = applyEnv({ ...local.env, AWS_ENDPOINT_URL_SSM: ssm.url, POWERTOOLS_LOG_LEVEL: 'DEBUG' });
  const stdout = process.stdout.write.bind(process.stdout);
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  restoreWrites = () => {
    process.stdout.write = stdout;
  };
});

afterAll(async () => {
  restoreWrites();
  restoreEnv();
  await Promise.all([local.stop(), ssm.stop()]);
});

test('a password echoed in any field and any encoding, or in a broken HTTP answer, reaches no row, log, error or email', async () => {
  // prepare: one user per way of echoing it.
  const job = (login: string, echo: string) => ({
    ID: '2026-11-28-22-00-00',
    LoginName: `${login} ${echo}`,
    BackupSetID: '1',
    BackupSetName: `Set ${echo}`,
    DestinationID: '2',
    BackupJobStatus: `BS_${echo}`,
    StartTime: echo,
    EndTime: '',
  });
  const proxy = await startScriptedServer((req, res) => {
    const login = String(req.body.LoginName ?? '');
    const pwd = String(req.body.SysPwd);
    const endpoint = req.path.replace('/obs/api/json/', '');
    if (login === 'plain') {
      if (endpoint === 'ListBackupJobStatus.do') return json(res, { Status: 'OK', Data: [job(login, pwd)] });
      return json(res, { Status: 'Error', Message: 'no', ExptType: `com.ahsay.${pwd}` });
    }
    if (login === 'html') return json(res, { Status: 'Error', Message: `<b>${FORMS.html}</b> refused` });
    if (login === 'url') return json(res, { Status: 'Error', Message: `GET /login?pwd=${FORMS.url} failed` });
    if (login === 'json')
      return json(res, { Status: 'Error', Message: `request was ${JSON.stringify(req.body)}` });
    if (login === 'type') {
      res.writeHead(200, { 'content-type': `text/html; echo=${encodeURIComponent(pwd)}` });
      return void res.end('<html>sign in</html>');
    }
    // A response the HTTP parser chokes on, with the request body after the bad byte.
    res.socket?.end(`HTTP/1.1 200 OK\r\nX-Echo: \u0001${req.text}\r\n\r\n`);
  });
  const users = ['plain', 'html', 'url', 'json', 'type', 'parser'].map((loginName) => ({ loginName }));
  const handler = await handlerWithConfig(await mkdtemp(join(tmpdir(), 'backup-digest-echo-')), {
    cbs: simulatorCbs(local.simulator, { baseUrl: proxy.url, maxAttempts: 1 }),
    report: { timeZone: 'UTC' },
    mail: { from: 'backup-digest@example.com', to: ['admins@example.com'] },
    watch: { users },
  });

  // act: a real run, so the logs, the email and its CSV are produced too.
  const outcome = await handler({ date: '2026-11-28' }).catch((error: unknown) => error);
  await proxy.stop();

  // assert
  const emails = await local.ses.emails();
  const raw = await Promise.all(emails.map((e) => local.ses.rawMessage(e.messageId)));
  const produced = [
    output.join(''),
    inspect(outcome, { depth: 20, showHidden: true }),
    JSON.stringify(emails),
    ...raw,
  ].join('\n');
  expect(emails).toHaveLength(1);
  expect(produced).toContain('***');
  expect(produced).toContain('Invalid header value char');
  for (const [form, text] of Object.entries(FORMS)) {
    expect({ form, found: produced.includes(text) }).toEqual({ form, found: false });
  }
});

test('an HTTP parser error that kept the raw bytes (the request, password included) is logged scrubbed', async () => {
  // prepare
  const broken = await startScriptedServer((req, res) => {
    res.socket?.end(`HTTP/1.1 200 OK\r\nX-Echo: \u0001${req.text}\r\n\r\n`);
  });
  const client = new CbsHttpClient({
    baseUrl: broken.url,
    timeZone: 'UTC',
    maxResponseBytes: 1024 * 1024,
    credentials: { sysUser: 'system', sysPwd: SECRET },
    requestTimeoutMs: 2_000,
    concurrency: 1,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });

  // act
  const error = await client.listJobs({ loginName: 'alice' }, '2026-11-28').catch((e: unknown) => e);
  await broken.stop();

  // assert: the whole error, causes and hidden fields included, as a logger could print it.
  const everything = inspect(error, { depth: 20, showHidden: true });
  expect(error).toBeInstanceOf(CbsTransportError);
  expect(everything).toContain('Invalid header value char');
  expect(everything).not.toContain(SECRET);
  expect(everything).not.toContain(FORMS.json);
});
