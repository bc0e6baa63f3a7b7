import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../lambda/config/config-error';
import { formatPath } from '../../lambda/config/format-issues';
import { loadConfigFile, parseConfig, parseConfigText } from '../../lambda/config/load-config';

const REPORT_DEFAULTS = {
  timeZone: 'UTC',
  windowHours: 24,
  title: 'Backups',
  staleAfterDays: 3,
  sendWhen: 'always',
};

const EXAMPLE_CONFIG = resolve(__dirname, '../../config/example.config.json');
const MINIMAL_CONFIG = resolve(__dirname, '../fixtures/config/minimal.config.json');

/** A loosely typed config object, so a test can break any field. */
type RawConfig = Record<string, Record<string, unknown>>;

/** A fresh copy of a config file per test: no test sees another's edits. */
function configFixture(path: string): RawConfig {
  return JSON.parse(readFileSync(path, 'utf8')) as RawConfig;
}

function watchedJob(index: number): Record<string, string> {
  return {
    loginName: `user-${index}`,
    backupSetId: `16877550576${String(index).padStart(2, '0')}`,
    destinationId: '1687755083984',
    jobId: '2026-11-28-22-00-00',
  };
}

/** Runs `act`, which must throw a ConfigError, and returns it. */
function configErrorOf(act: () => unknown): ConfigError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe('the example config', () => {
  test('loads and keeps what it sets', () => {
    // act
    const config = loadConfigFile(EXAMPLE_CONFIG);

    // assert
    expect(config.cbs).toEqual({
      baseUrl: 'https://cbs.example.com',
      credentialsParameter: '/backup-digest/cbs-credentials',
      timeZone: 'Europe/Berlin',
      requestTimeoutMs: 30000,
      concurrency: 4,
      maxAttempts: 4,
      retryBaseDelayMs: 500,
      maxResponseBytes: 32 * 1024 * 1024,
      allowPlainHttp: false,
    });
    expect(config.report.windowEndsAt).toBe('07:00');
    expect(config.watch.users).toEqual([
      { loginName: 'alice' },
      { loginName: 'bob', owner: 'reseller-east' },
    ]);
    expect(config.watch.jobs[0]?.jobId).toBe('2026-11-28-22-00-00');
    expect(config.deploy.alarmEmails).toEqual(['backup-admins@example.com']);
  });

  test('gets defaults for every optional section and field left out', () => {
    // prepare
    const raw = configFixture(EXAMPLE_CONFIG);
    delete raw.report;
    delete raw.deploy;
    delete raw.cbs?.requestTimeoutMs;
    delete raw.cbs?.concurrency;

    // act
    const config = parseConfig(raw);

    // assert
    expect(config.cbs.requestTimeoutMs).toBe(30_000);
    expect(config.cbs.concurrency).toBe(4);
    expect(config.report).toEqual(REPORT_DEFAULTS);
    expect(config.deploy).toMatchObject({ schedule: 'cron(0 7 * * ? *)', alarmEmails: [] });
  });
});

describe('defaults of a minimal config', () => {
  test('fill in report, cbs limits, empty watch lists and deploy', () => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);

    // act
    const config = parseConfig(raw);

    // assert
    expect(config.report.windowEndsAt).toBeUndefined();
    expect(config.report).toEqual(REPORT_DEFAULTS);
    expect(config.cbs.requestTimeoutMs).toBe(30_000);
    expect(config.cbs.concurrency).toBe(4);
    expect(config.watch).toEqual({ users: [{ loginName: 'alice' }], backupSets: [], jobs: [] });
    expect(config.deploy.schedule).toBe('cron(0 7 * * ? *)');
  });
});

describe('a missing field is reported as required, by its path', () => {
  test.each<[string, (raw: RawConfig) => void, string]>([
    ['a whole section', (raw) => delete raw.cbs, 'cbs: required'],
    ['the watch section', (raw) => delete raw.watch, 'watch: required'],
    ['cbs.timeZone', (raw) => delete raw.cbs?.timeZone, 'cbs.timeZone: required'],
    [
      'cbs.credentialsParameter',
      (raw) => delete raw.cbs?.credentialsParameter,
      'cbs.credentialsParameter: required',
    ],
    ['mail.to', (raw) => delete raw.mail?.to, 'mail.to: required'],
    ['mail.from, which has its own format message', (raw) => delete raw.mail?.from, 'mail.from: required'],
    [
      'cbs.baseUrl, which has its own format message',
      (raw) => delete raw.cbs?.baseUrl,
      'cbs.baseUrl: required',
    ],
    [
      'a login name in a list',
      (raw) => {
        raw.watch = { users: [{ loginName: 'alice' }, { owner: 'reseller-east' }] };
      },
      'watch.users[1].loginName: required',
    ],
  ])('%s', (_name, breakIt, expected) => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    breakIt(raw);

    // act
    const error = configErrorOf(() => parseConfig(raw));

    // assert
    expect(error.message).toContain(`\n  ${expected}`);
  });

  test('watch.jobs[3].backupSetId, the fourth pinned job', () => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    const jobs = [0, 1, 2, 3].map(watchedJob);
    delete jobs[3]?.backupSetId;
    raw.watch = { jobs };

    // act
    const error = configErrorOf(() => parseConfig(raw));

    // assert
    expect(error.message).toBe('config is invalid:\n  watch.jobs[3].backupSetId: required');
    expect(error.issues.map((issue) => issue.path)).toEqual([['watch', 'jobs', 3, 'backupSetId']]);
  });

  test('every bad field at once, one line each, so one deploy fixes them all', () => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    delete raw.cbs?.timeZone;
    delete raw.mail?.to;

    // act
    const error = configErrorOf(() => parseConfig(raw));

    // assert
    expect(error.message).toBe('config is invalid:\n  cbs.timeZone: required\n  mail.to: required');
  });
});

test.each([
  'https://cbs.example.com/ahsay',
  'https://cbs.example.com:8443/',
  'https://[2001:db8::1]',
  'https://fe80.example.com',
  'https://169.254.example.com',
])(
  'an https base URL with a path, a port or a name merely like a link-local address is accepted: %s',
  (baseUrl) => {
    const raw = configFixture(MINIMAL_CONFIG);
    raw.cbs = { ...raw.cbs, baseUrl };

    expect(parseConfig(raw).cbs.baseUrl).toBe(baseUrl);
  },
);

test('plain http is accepted when the config says so explicitly', () => {
  const raw = configFixture(MINIMAL_CONFIG);
  raw.cbs = { ...raw.cbs, baseUrl: 'http://127.0.0.1:8123', allowPlainHttp: true };

  expect(parseConfig(raw).cbs.baseUrl).toBe('http://127.0.0.1:8123');
});

describe('a wrong value names its path', () => {
  test.each<[string, (raw: RawConfig) => void, string]>([
    [
      'a URL that is not a URL',
      (raw) => {
        raw.cbs = { ...raw.cbs, baseUrl: 'cbs.example.com' };
      },
      'cbs.baseUrl: must be an http(s) URL',
    ],
    [
      'a URL that is not http(s)',
      (raw) => {
        raw.cbs = { ...raw.cbs, baseUrl: 'ftp://cbs.example.com' };
      },
      'cbs.baseUrl: must be an http(s) URL',
    ],
    [
      'plain http without saying so',
      (raw) => {
        raw.cbs = { ...raw.cbs, baseUrl: 'http://cbs.example.com' };
      },
      'cbs.baseUrl: must use https (the password travels in every request); set cbs.allowPlainHttp to allow http',
    ],
    ...(
      [
        ['HTTP://cbs.example.com', 'must use https (the password travels in every request)'],
        ['Http://cbs.example.com:8080/', 'must use https (the password travels in every request)'],
        ['https://cbs.example.com/?x=1', 'must not have a query'],
        ['https://cbs.example.com?', 'must not have a query'],
        ['https://cbs.example.com/#top', 'must not have a fragment'],
        ['https://cbs.example.com#', 'must not have a fragment'],
        ['https://admin:secret@cbs.example.com', 'must not carry a user name or password'],
        ['https://admin@cbs.example.com', 'must not carry a user name or password'],
        ['https://169.254.169.254', 'must not point at a link-local or instance-metadata address'],
        ['https://169.254.10.1:8443', 'must not point at a link-local or instance-metadata address'],
        ['https://0xA9FEA9FE/', 'must not point at a link-local or instance-metadata address'],
        ['https://[fe80::1]', 'must not point at a link-local or instance-metadata address'],
        ['https://[FEBF::1]', 'must not point at a link-local or instance-metadata address'],
        ['https://[fd00:ec2::254]', 'must not point at a link-local or instance-metadata address'],
        ['https://[::ffff:169.254.169.254]', 'must not point at a link-local or instance-metadata address'],
        ['https://metadata.google.internal', 'must not point at a link-local or instance-metadata address'],
      ] as const
    ).map(([baseUrl, message]): [string, (raw: RawConfig) => void, string] => [
      `the base URL ${baseUrl}`,
      (raw) => {
        raw.cbs = { ...raw.cbs, baseUrl };
      },
      `cbs.baseUrl: ${message}`,
    ]),
    [
      'a CA bundle that is not PEM',
      (raw) => {
        raw.cbs = { ...raw.cbs, caCertificates: 'MIIB...' };
      },
      'cbs.caCertificates: must hold PEM certificates',
    ],
    [
      'a zone that is not IANA',
      (raw) => {
        raw.cbs = { ...raw.cbs, timeZone: 'CET+1' };
      },
      'cbs.timeZone: must be an IANA time zone',
    ],
    [
      'a report zone that does not exist',
      (raw) => {
        raw.report = { timeZone: 'Mars/Olympus_Mons' };
      },
      'report.timeZone: must be an IANA time zone',
    ],
    [
      'a recipient that is not an email address',
      (raw) => {
        raw.mail = { ...raw.mail, to: ['backup-admins@example.com', 'backup-admins'] };
      },
      'mail.to[1]: must be an email address',
    ],
    [
      'no recipient at all',
      (raw) => {
        raw.mail = { ...raw.mail, to: [] };
      },
      'mail.to: must list at least one recipient',
    ],
    [
      'a job id in the CBS time format instead of the id format',
      (raw) => {
        raw.watch = { jobs: [{ ...watchedJob(0), jobId: '2026-11-28 22:00:00' }] };
      },
      'watch.jobs[0].jobId: must be a job id as yyyy-MM-dd-HH-mm-ss',
    ],
    [
      'an unknown key (a typo)',
      (raw) => {
        raw.watch = { backupSets: [{ loginName: 'carol', backupSetId: '1687755057644', nmae: 'x' }] };
      },
      'watch.backupSets[0]: Unrecognized key: "nmae"',
    ],
    [
      'an unknown top-level key',
      (raw) => {
        raw.reports = {};
      },
      '(root): Unrecognized key: "reports"',
    ],
    [
      'a number given as a string',
      (raw) => {
        raw.cbs = { ...raw.cbs, concurrency: '4' };
      },
      'cbs.concurrency: Invalid input: expected number, received string',
    ],
    [
      'a window end that is not HH:mm',
      (raw) => {
        raw.report = { windowEndsAt: '7:00' };
      },
      'report.windowEndsAt: must be a time of day as HH:mm',
    ],
    [
      'a login name holding CR/LF',
      (raw) => {
        raw.watch = { users: [{ loginName: 'alice\r\nbob' }] };
      },
      'watch.users[0].loginName: must not contain control characters',
    ],
    [
      'a schedule that is not a cron expression',
      (raw) => {
        raw.deploy = { schedule: 'rate(1 day)' };
      },
      'deploy.schedule: must be an EventBridge Scheduler expression',
    ],
    [
      'a heartbeat URL written into the config instead of SSM',
      (raw) => {
        raw.deploy = { heartbeatUrl: 'https://hc-ping.com/0d6c54f3' };
      },
      'deploy.heartbeatUrl: must be {"parameter": "/ssm/parameter/name"}: the URL itself is kept in SSM',
    ],
    [
      'a heartbeat method other than GET or POST',
      (raw) => {
        raw.deploy = { heartbeatUrl: { parameter: '/backup-digest/heartbeat', method: 'PUT' } };
      },
      'deploy.heartbeatUrl.method: Invalid option',
    ],
  ])('%s', (_name, breakIt, expected) => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    breakIt(raw);

    // act
    const error = configErrorOf(() => parseConfig(raw));

    // assert
    const path = expected.slice(0, expected.indexOf(': '));
    expect(error.message).toContain(`\n  ${expected}`);
    // every issue is about that one field
    expect(new Set(error.issues.map((issue) => formatPath(issue.path)))).toEqual(new Set([path]));
  });
});

describe('watch', () => {
  test.each<[string, Record<string, unknown>]>([
    ['an empty object', {}],
    ['three empty lists', { users: [], backupSets: [], jobs: [] }],
  ])('is rejected when it is %s', (_name, watch) => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    raw.watch = watch;

    // act
    const error = configErrorOf(() => parseConfig(raw));

    // assert
    expect(error.message).toContain(
      '\n  watch: must watch all users, or at least one user, backup set or job',
    );
  });

  test('2,000 watched backup sets validate (too many for environment variables)', () => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    const backupSets = Array.from({ length: 2000 }, (_, i) => ({
      loginName: `user-${Math.floor(i / 4)}`,
      ...(i % 2 === 0 ? { owner: 'reseller-east' } : {}),
      backupSetId: String(1687755000000 + i),
      destinationId: String(1687755900000 + i),
      name: `Set ${i}`,
    }));
    raw.watch = { backupSets };

    // act
    const config = parseConfig(raw);

    // assert
    expect(config.watch.backupSets).toHaveLength(2000);
    expect(config.watch.backupSets[1998]?.owner).toBe('reseller-east');
    expect(config.watch.backupSets[1999]).toEqual({
      loginName: 'user-499',
      backupSetId: '1687755001999',
      destinationId: '1687755901999',
      name: 'Set 1999',
    });
    expect(JSON.stringify(raw).length).toBeGreaterThan(4096);
  });
});

describe('config files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'backup-digest-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('text that is not JSON names the file', () => {
    // prepare
    const text = readFileSync(MINIMAL_CONFIG, 'utf8').slice(0, 40);

    // act
    const error = configErrorOf(() => parseConfigText(text, '/var/task/config/prod.json'));

    // assert
    expect(error.message).toMatch(/^\/var\/task\/config\/prod\.json is not valid JSON: /);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test('a file that is not JSON is named by its path', () => {
    // prepare
    const path = join(dir, 'broken.config.json');
    writeFileSync(path, `${readFileSync(MINIMAL_CONFIG, 'utf8')},`);

    // act
    const loading = () => loadConfigFile(path);

    // assert
    expect(loading).toThrow(ConfigError);
    expect(loading).toThrow(`${path} is not valid JSON`);
  });

  test('a file that fails the schema is named, with the bad field', () => {
    // prepare
    const raw = configFixture(MINIMAL_CONFIG);
    raw.mail = { ...raw.mail, to: ['nobody'] };
    const path = join(dir, 'invalid.config.json');
    writeFileSync(path, JSON.stringify(raw));

    // act
    const loading = () => loadConfigFile(path);

    // assert
    expect(loading).toThrow(`${path} is invalid:\n  mail.to[0]: must be an email address`);
  });

  test('a missing file is named', () => {
    // prepare
    const path = join(dir, 'absent.config.json');

    // act
    const loading = () => loadConfigFile(path);

    // assert
    expect(loading).toThrow(ConfigError);
    expect(loading).toThrow(`cannot read config file ${path}`);
  });
});
