import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistoryTable, type DynamoDbLocal, startDynamoDbLocal } from '../../dev/local/dynamodb-local';
import {
  applyEnv,
  type LocalEnvironment,
  simulatorCbs,
  startLocalEnvironment,
} from '../../dev/local/local-environment';
import type { RunResult } from '../../lambda/entry/invoke';
import { handlerWithConfig } from '../support/use-config';

// Memory end to end: handler → CBS simulator (gina's sets, frank suspended) → history in dynalite.
// 2026-11-29 06:00 UTC: the Berlin window 2026-11-28 07:00 → 2026-11-29 07:00.
const NOW = new Date('2026-11-29T06:00:00Z');

let local: LocalEnvironment;
let dynamo: DynamoDbLocal;
let restoreEnv: () => void;
let dir: string;

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dynamo = await startDynamoDbLocal();
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-history-'));
});
afterAll(async () => {
  await dynamo.stop();
  await local.stop();
});
afterEach(() => restoreEnv());

function config(extra: Record<string, unknown> = {}) {
  return {
    cbs: simulatorCbs(local.simulator),
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'digest@example.com', to: ['ops@example.com'] },
    watch: { allUsers: { excludeLoginNames: ['alice', 'bob', 'carol', 'dave'] } },
    ...extra,
  };
}

async function run(
  table: string,
  event: unknown = { scheduledTime: NOW.toISOString() },
): Promise<{ result: RunResult; text: string }> {
  restoreEnv = applyEnv({
    ...local.env,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    HISTORY_TABLE: table,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
  await local.ses.clear();
  const invoke = await handlerWithConfig(dir, config());
  const result = await invoke(event);
  const [email] = await local.ses.emails();
  // Wrapped lines joined, so a sentence can be matched whole.
  return {
    result,
    text: (email?.body.text ?? '').replace(/\n {2,}/g, ' ').replace(/([^\n])\n(?=[a-z(])/g, '$1 '),
  };
}

const rowOf = (text: string, set: string): string => {
  const start = text.indexOf(`* gina / ${set} `);
  if (start < 0) throw new Error(`no row for ${set} in:\n${text}`);
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end < 0 ? undefined : end);
};

describe('history over the simulator and dynalite', () => {
  test('the first run backfills a week and shows every case; a repeat run counts no night twice', async () => {
    const table = await createHistoryTable(dynamo.url, 'history-e2e');
    const calls = () => local.simulator.calls().ListBackupJobStatus ?? 0;
    const before = calls();

    const { result, text } = await run(table);
    const listings = calls() - before;

    expect(result.sent).toBe(true);
    // Backfill: 7 nights touch 8 CBS dates, for gina (frank is skipped); the last of them is also
    // the window's first, which tonight's listings hold already: 7 more calls, not 8.
    expect(text).toContain(
      'Note: First run with history: the last 7 nights were read back from CBS (7 listing calls).',
    );
    expect(listings).toBe(2 + 7);
    expect(text).toContain('Note: 1 suspended or locked backup user not checked (they cannot back up).');
    expect(rowOf(text, 'Nightly Retry')).toMatch(
      /WARNING: recovered: finished successfully after a failed run/,
    );
    expect(rowOf(text, 'Nightly Retry')).toMatch(
      /Earlier run 2026-11-29 01:05 CET: stopped by a system error/,
    );
    expect(rowOf(text, 'Stuck Client')).toMatch(/FAILED: stuck: running for 34 hours without an end/);
    expect(rowOf(text, 'Failing Server')).toMatch(/failed 5 nights running · ongoing/);
    expect(rowOf(text, 'Failing Server')).toMatch(/Last 14 nights: ·+✓✓✓✗✗✗✗✗ /);
    expect(rowOf(text, 'Forgotten PC')).toMatch(/no success on record since 2026-11-21/);
    // Saturday night: the weekdays set owed nothing; the weekly set runs on Sundays.
    expect(text).not.toContain('* gina / Office Weekdays ');
    expect(text).not.toContain('* gina / Weekly Archive ');
    expect(text).not.toContain('* gina / Manual Export ');
    expect(text.match(/\* gina \/ Stuck Client /g)).toHaveLength(1);
    expect(text).toMatch(/1 backup set not scheduled .*gina \/ Manual Export\./s);
    expect(text).toContain('Last 14 nights, oldest first: ✓ OK');

    // A retried invocation of the same night (a dry run would not save; this one does).
    const again = await run(table, { date: '2026-11-28' });
    expect(rowOf(again.text, 'Failing Server')).toMatch(/failed 5 nights running/);
    expect(again.text).not.toContain('First run with history');
  });

  test('a store that cannot be read: the digest still goes, without history, with one line saying so', async () => {
    const { result, text } = await run('no-such-table');

    expect(result.sent).toBe(true);
    expect(text).toMatch(
      /Note: History is unavailable tonight \(could not read the history table no-such-table: ResourceNotFoundException/,
    );
    expect(text).not.toContain('Last 14 nights');
    expect(rowOf(text, 'Nightly Retry')).toMatch(/WARNING: recovered/);
  });
});
