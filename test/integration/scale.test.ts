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

// 2,000+ watched sets: the config cannot live in an environment variable, and must still run.
const NOW = new Date('2026-11-29T06:00:00Z');
const USERS = 700;
const SETS_PER_USER = 3;

let local: LocalEnvironment;
let restoreEnv: () => void;

beforeAll(async () => {
  local = await startLocalEnvironment({
    scenario: 'scale',
    users: USERS,
    setsPerUser: SETS_PER_USER,
    now: () => NOW,
  });
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT' });
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

test('a config watching 2,100 backup sets one by one runs against the simulator', async () => {
  const users = local.simulator.users();
  const backupSets = users.flatMap((u) =>
    u.sets.map((s) => ({
      loginName: u.loginName,
      owner: u.owner,
      backupSetId: s.id,
      destinationId: s.destinationId,
    })),
  );
  expect(backupSets).toHaveLength(USERS * SETS_PER_USER);
  const dir = await mkdtemp(join(tmpdir(), 'backup-digest-scale-'));
  const configPath = join(dir, 'config.json');
  await writeJson(configPath, {
    cbs: simulatorCbs(local.simulator, { concurrency: 8 }),
    report: { timeZone: 'UTC' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { backupSets },
  });
  const handler = handlerFor(configPath);

  const result = await handler({ scheduledTime: NOW.toISOString(), dryRun: true });

  const calls = local.simulator.calls();
  // One listing per user and CBS date (the UTC window touches two Berlin dates).
  expect(calls.ListBackupJobStatus).toBe(USERS * 2);
  expect(result.counts.error).toBe(0);
  // Every watched set shows up exactly once: a daily set has one job in any 24 h window, or a
  // "no backup ran" row. One summary per job; the sets that never ran need none.
  expect(result.rows).toBe(backupSets.length);
  const neverRan = result.rows - (calls.GetBackupJobReportSummary ?? 0);
  expect(neverRan).toBeGreaterThan(0);
  expect(neverRan).toBeLessThanOrEqual(result.counts.missed);
  expect(result.counts.ok).toBeGreaterThan(backupSets.length * 0.7);
  expect(result.text).toContain(`Backups 2026-11-28`);
  // Generous: on a loaded shared machine this took minutes; npm run bench is the test of speed.
}, 600_000);
