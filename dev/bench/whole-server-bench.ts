/**
 * `npm run bench:whole-server`: whole-server mode (`watch.allUsers`) against a CBS with 200,000
 * backup users, in a process whose V8 heap is capped at 256 MB (`--max-old-space-size=256`). Prints
 * the peak heap and RSS and PASS when the run finished under the cap, FAIL otherwise (a run that
 * exhausts the heap dies and fails too). Not part of `npm test`: it makes some 600,000 calls.
 *
 *   npm run bench:whole-server -- [--users 200000] [--sets-every 100] [--heap-mb 256] [--concurrency 32]
 *
 * The CBS is a small fake on loopback, in this process, so its memory is not the run's: 2/ListUsers
 * lists every user with the handful of fields real servers send (about 130 bytes each, 26 MB at
 * 200,000, under the default `cbs.maxResponseBytes`); one user in `--sets-every` has a backup set
 * with one successful job in the window, the others have none.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleLikeTheStack } from './bundle';
import type { WholeServerFigures } from './whole-server-run';

const SCHEDULED_TIME = '2026-11-29T06:00:00Z';
const SYS_USER = 'system';
const SYS_PWD = 'bench-password';

function options() {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '200000' },
      'sets-every': { type: 'string', default: '100' },
      'heap-mb': { type: 'string', default: '256' },
      concurrency: { type: 'string', default: '32' },
    },
  });
  const users = Number(values.users);
  const setsEvery = Number(values['sets-every']);
  const heapMb = Number(values['heap-mb']);
  const concurrency = Number(values.concurrency);
  if (![users, setsEvery, heapMb, concurrency].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--users, --sets-every, --heap-mb and --concurrency must be whole numbers above 0');
  return { users, setsEvery, heapMb, concurrency };
}

const loginName = (i: number) => `user${String(i).padStart(6, '0')}`;

/** A fake CBS that knows `users` users; one in `setsEvery` has one set with one good job on 2026-11-28. */
function fakeCbs(users: number, setsEvery: number) {
  const calls: Record<string, number> = {};
  const userList = JSON.stringify({
    Status: 'OK',
    User: Array.from({ length: users }, (_, i) => ({
      LoginName: loginName(i),
      Owner: '',
      Status: 'ENABLE',
      Alias: `Customer ${i}`,
      UserType: 'PAID',
      ClientType: 'OBM',
      Quota: 107374182400,
    })),
  });
  const hasSet = (login: string) => Number(login.slice(4)) % setsEvery === 0;
  const setId = (login: string) => `17${login.slice(4)}0000001`;
  const answer = (endpoint: string, body: Record<string, string>): unknown => {
    const login = body.LoginName ?? '';
    switch (endpoint) {
      case '2/ListUsers':
        return undefined; // sent as prepared text
      case 'ListBackupSets':
        return {
          Status: 'OK',
          Data: hasSet(login) ? [{ ID: setId(login), Name: 'Files', Type: 'FILE' }] : [],
        };
      case 'ListBackupJobStatus':
        return {
          Status: 'OK',
          Data:
            hasSet(login) && body.BackupDate === '2026-11-28'
              ? [
                  {
                    ID: '2026-11-28-22-00-00',
                    LoginName: login,
                    BackupSetID: setId(login),
                    BackupSetName: 'Files',
                    DestinationID: '1700000000001',
                    BackupJobStatus: 'BS_STD_SUCCESS',
                    StartTime: '2026-11-28 22:00:00',
                    EndTime: '2026-11-28 22:10:00',
                    UploadSize: 1048576,
                  },
                ]
              : [],
        };
      case 'GetBackupJobReportSummary':
        return {
          Status: 'OK',
          Data: {
            ID: '2026-11-28-22-00-00',
            BackupJobStatus: 'BS_STD_SUCCESS',
            StartTime: '2026-11-28 22:00:00',
            EndTime: '2026-11-28 22:10:00',
            NumOfWarnEntries: 0,
            NumOfErrorEntries: 0,
            NumOfNewFiles: 12,
            TotalNewFilesSize: 1048576,
          },
        };
      case '2/GetBackupSet':
        return {
          Status: 'OK',
          Data: {
            ID: body.BackupSetID,
            Name: 'Files',
            ScheduleSettings: {
              Enable: true,
              ScheduleList: [
                {
                  Name: 'Daily-1',
                  Type: 'DAILY',
                  BackupInterval: -1,
                  Time: { Hour: 22, Minute: 0, Duration: -1 },
                },
              ],
            },
            DestinationSettings: { DestinationList: [{ Id: '1700000000001', Name: 'AhsayCBS' }] },
          },
        };
      default:
        return { Status: 'Error', Message: `unknown endpoint ${endpoint}` };
    }
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const endpoint = (req.url ?? '').replace(/^\/obs\/api\/json\//, '').replace(/\.do$/, '');
    calls[endpoint] = (calls[endpoint] ?? 0) + 1;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(endpoint === '2/ListUsers' ? userList : JSON.stringify(answer(endpoint, body)));
  });
  return { server, calls, listUsersBytes: Buffer.byteLength(userList) };
}

function runChild(script: string, env: Record<string, string>, heapMb: number) {
  return new Promise<{ figures: WholeServerFigures | undefined; exit: string }>((resolve, reject) => {
    const child = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: [`--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let figures: WholeServerFigures | undefined;
    child.on('message', (message) => {
      figures = message as WholeServerFigures;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ figures, exit: signal ?? `exit code ${code}` }));
  });
}

async function main(): Promise<void> {
  const { users, setsEvery, heapMb, concurrency } = options();
  const cbs = fakeCbs(users, setsEvery);
  await new Promise<void>((resolve) => cbs.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(cbs.server.address() as AddressInfo).port}`;
  const workDir = await mkdtemp(join(tmpdir(), 'backup-digest-whole-server-'));
  try {
    const configPath = join(workDir, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({
        cbs: {
          baseUrl: url,
          allowPlainHttp: true,
          credentialsParameter: '/bench/unused',
          timeZone: 'UTC',
          concurrency,
        },
        // The bundle sits in a temporary folder: the templates are named where they are.
        report: { timeZone: 'UTC', windowHours: 24, templatesDir: join(__dirname, '..', '..', 'templates') },
        mail: { from: 'digest@example.com', to: ['ops@example.com'] },
        watch: { allUsers: {} },
        history: { enabled: false },
      }),
    );
    const script = join(workDir, 'whole-server-run.js');
    await bundleLikeTheStack(join(__dirname, 'whole-server-run.ts'), script);
    console.log(
      `whole-server bench: ${users.toLocaleString('en-US')} users (2/ListUsers ${(cbs.listUsersBytes / 1024 / 1024).toFixed(1)} MB), ` +
        `one in ${setsEvery} with a set, ${concurrency} calls in flight, --max-old-space-size=${heapMb}`,
    );
    const { figures, exit } = await runChild(
      script,
      {
        CONFIG_PATH: configPath,
        CBS_SYS_USER: SYS_USER,
        CBS_SYS_PWD: SYS_PWD,
        BENCH_SCHEDULED_TIME: SCHEDULED_TIME,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        TZ: 'UTC',
      },
      heapMb,
    );
    const calls = Object.entries(cbs.calls)
      .map(([endpoint, n]) => `${endpoint} ${n.toLocaleString('en-US')}`)
      .join(', ');
    console.log(`CBS calls: ${calls}`);
    if (!figures) {
      console.log(`FAIL: the run ended with ${exit} before it finished (heap exhausted?)`);
      process.exitCode = 1;
      return;
    }
    console.log(
      [
        `wall ${(figures.wallMs / 1000).toFixed(1)} s, ${figures.rows.toLocaleString('en-US')} rows, message ${(figures.messageBytes / 1024).toFixed(0)} KB`,
        `peak heap used ${figures.peakHeapUsedMb} MB (heap total ${figures.peakHeapTotalMb} MB, limit ${figures.heapLimitMb} MB), peak RSS ${figures.peakRssMb} MB`,
      ].join('\n'),
    );
    const pass = figures.peakHeapUsedMb < heapMb;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: peak heap ${figures.peakHeapUsedMb} MB ${pass ? '<' : '>='} ${heapMb} MB`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    cbs.server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
