import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEnv,
  type LocalEnvironment,
  simulatorCbs,
  startLocalEnvironment,
  writeJson,
} from '../../dev/local/local-environment';
import { handlerFor } from '../support/use-config';

// A provider's whole server: 3,000 backup users, none named in the config.
const NOW = new Date('2026-11-29T06:00:00Z');
const USERS = 3000;
// Every 10th user of the scale scenario belongs to one of five resellers; one is left out.
const EXCLUDED_OWNER = 'reseller-3';
const EXCLUDED_LOGIN = 'user-00001';

let local: LocalEnvironment;
let restoreEnv: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'scale', users: USERS, setsPerUser: 1, now: () => NOW });
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' });
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

test('watch.allUsers checks every user of a 3,000-user server, less the excluded, asking nothing twice', async () => {
  // prepare: a window of one Berlin calendar day, so one listing per user
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-whole-server-'));
  const configPath = join(dir, 'config.json');
  await writeJson(configPath, {
    cbs: simulatorCbs(local.simulator, { concurrency: 16 }),
    report: { timeZone: local.simulator.timeZone, windowEndsAt: '00:00' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { allUsers: { excludeLoginNames: [EXCLUDED_LOGIN], excludeOwners: [EXCLUDED_OWNER] } },
  });
  const handler = handlerFor(configPath);
  const users = local.simulator.users();
  const watched = users.filter((u) => u.loginName !== EXCLUDED_LOGIN && u.owner !== EXCLUDED_OWNER);

  // act
  const result = await handler({ date: '2026-11-28', dryRun: true });

  // assert
  expect(users).toHaveLength(USERS);
  expect(watched).toHaveLength(USERS - 1 - USERS / 10 / 5);
  const calls = local.simulator.calls();
  expect(calls['2/ListUsers']).toBe(1);
  expect(local.simulator.repeatedCalls()).toEqual({});
  expect(calls.ListBackupJobStatus).toBe(watched.length);
  expect(calls.ListBackupSets).toBe(watched.length);
  // Schedules and destination names: one 2/GetBackupSet per set, once.
  expect(calls['2/GetBackupSet']).toBe(watched.length);
  // One set per user: a job in the window (one report each) or a "no backup ran" row.
  expect(result.rows).toBe(watched.length);
  // The sets that never ran need no report; every other row is one. (The text part summarises
  // at this size, so rows are counted from the calls, not read from the text.)
  const neverRan = result.rows - (calls.GetBackupJobReportSummary ?? 0);
  expect(neverRan).toBeGreaterThan(0);
  expect(neverRan).toBeLessThanOrEqual(result.counts.missed);
  expect(result.counts.error).toBe(0);
  expect(result.counts.ok).toBeGreaterThan(watched.length * 0.7);
  expect(result.text).not.toContain(`${EXCLUDED_LOGIN} /`);
  expect(result.text).not.toContain(`(${EXCLUDED_OWNER})`);
  // 3,000 more calls than before history: minutes on a loaded 2-core machine. The limit is
  // generous: this test is about what the digest says; npm run bench is the one about speed.
}, 600_000);
