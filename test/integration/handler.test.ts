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
import { ConfigError } from '../../lambda/config/config-error';
import { EventError } from '../../lambda/entry/event-error';
import type { DigestHandler } from '../../lambda/entry/handler';
import type { RunResult } from '../../lambda/entry/invoke';
import { handlerWithConfig } from '../support/use-config';

// The whole production path over real HTTP: handler → SSM stand-in → CBS simulator → SES stand-in.
const NOW = new Date('2026-11-29T06:00:00Z');

let local: LocalEnvironment;
let restoreEnv: () => void;
let dir: string;
let invoke: DigestHandler;

/** The handler, for runs that must not be skipped as duplicates. */
async function handler(event: unknown): Promise<RunResult> {
  const result = await invoke(event);
  return result;
}

async function useConfig(config: unknown): Promise<void> {
  invoke = await handlerWithConfig(dir, config);
}

function totalCalls(): number {
  return Object.values(local.simulator.calls()).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  local = await startLocalEnvironment({ scenario: 'demo', now: () => NOW });
  dir = await mkdtemp(join(tmpdir(), 'backup-digest-'));
  restoreEnv = applyEnv({ ...local.env, POWERTOOLS_LOG_LEVEL: 'SILENT', CONFIG_PATH: undefined });
});

afterAll(async () => {
  restoreEnv();
  await local.stop();
});

beforeEach(async () => {
  await local.ses.clear();
  await useConfig({
    ...demoConfig(local.simulator),
    mail: { from: 'digest@example.com', to: ['ops@example.com', 'oncall@example.com'] },
  });
});

describe('handler over loopback', () => {
  test('a scheduled run sends one digest with every class, as CBS reported it', async () => {
    const result = await handler({ scheduledTime: NOW.toISOString() });

    const emails = await local.ses.emails();
    expect(emails).toHaveLength(1);
    const email = emails[0];
    if (!email) throw new Error('no email');
    expect(email.messageId).toBe(result.messageId);
    expect(email.from).toBe('digest@example.com');
    // The stand-in keeps the To header as text; SES delivers to the Destinations list (mailer unit test).
    expect(email.destination.to.flatMap((to) => to.split(/,\s*/))).toEqual([
      'ops@example.com',
      'oncall@example.com',
    ]);
    expect(result).toMatchObject({ sent: true, dryRun: false, reportDate: '2026-11-28', recipients: 2 });
    // Counted per backup set; Big Data's run in progress is later than its finished one, which decides.
    for (const jobClass of ['ok', 'warning', 'failed', 'missed', 'unknown', 'error'] as const) {
      expect(result.counts[jobClass]).toBeGreaterThan(0);
    }
    const c = result.counts;
    expect(email.subject).toBe(
      `Backups 2026-11-28: ${c.failed} failed, ${c.missed} missed, ${c.unknown} unknown, ${c.error} not checked, ` +
        `${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.running > 0 ? `${c.running} running, ` : ''}${c.ok} ok`,
    );
    const html = email.body.html ?? '';
    const text = email.body.text ?? '';
    // Names come from CBS: markup in a set name is shown, never interpreted.
    expect(html).toContain('Photos &lt;b&gt;&amp; &quot;more&quot;&lt;/b&gt; ✓');
    expect(html).not.toContain('<b>& "more"</b>');
    expect(text).toContain('Photos <b>& "more"</b> ✓');
    expect(text).toContain('\nMissed: no backup ran (2)\n');
    expect(text).toMatch(
      /bob \(sub-admin reseller-east\) \/ Old Laptop\n\s+MISSED: no backup started; one was due at 2026-11-28 21:00 \(60 min grace\)/,
    );
    // Every row, OK ones included, travels in the attached CSV: a header and one line per row.
    expect(email.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['backup-jobs-2026-11-28.csv', 'text/csv'],
    ]);
    const csv = Buffer.from(email.attachments[0]?.content ?? '', 'base64').toString('utf8');
    const lines = csv.trimEnd().split('\r\n').slice(1);
    // One line per row, then every job its set's latest run superseded (carol's hourly set).
    expect(lines.filter((line) => !line.startsWith('superseded,'))).toHaveLength(result.rows);
    expect(lines.filter((line) => line.startsWith('superseded,carol,,Hourly CDP,')).length).toBeGreaterThan(
      1,
    );
    expect(text).toContain('erin');
    // The text part wraps at 80 columns; the message is whole once the lines are joined.
    expect(text.replace(/\s+/g, ' ')).toContain('User "erin" not found');
    // The credentials were read from SSM as a SecureString, decrypted; the password is nowhere.
    expect(local.ssm.requests).toContainEqual({ name: CREDENTIALS_PARAMETER, withDecryption: true });
    expect(JSON.stringify(emails)).not.toContain(local.simulator.sysPwd);
    expect(JSON.stringify(result)).not.toContain(local.simulator.sysPwd);
  });

  test('every job row matches what the simulator answers for that job', async () => {
    const result = await handler({ scheduledTime: NOW.toISOString(), dryRun: true });

    // Alice's "SQL Server" job: its error count in the digest is the simulator's NumOfErrorEntries.
    const alice = local.simulator.users().find((u) => u.loginName === 'alice');
    const sql = alice?.sets.find((s) => s.name === 'SQL Server');
    if (!sql) throw new Error('simulator has no SQL Server set');
    const listing = await cbs('ListBackupJobStatus', { LoginName: 'alice', BackupDate: '2026-11-28' });
    const job = (listing.Data as { ID: string; BackupSetID: string }[]).find((j) => j.BackupSetID === sql.id);
    const summary = await cbs('GetBackupJobReportSummary', {
      LoginName: 'alice',
      BackupSetID: sql.id,
      DestinationID: sql.destinationId,
      BackupJobID: job?.ID,
    });
    const errors = Number((summary.Data as { NumOfErrorEntries: unknown }).NumOfErrorEntries);
    expect(errors).toBeGreaterThan(0);
    expect(result.text).toMatch(new RegExp(`alice / SQL Server[^\\n]*\\n[^\\n]*${errors} errors`));
  });

  test('a dry run renders and returns the digest without sending', async () => {
    const result = await handler({ dryRun: true, date: '2026-11-27' });

    expect(await local.ses.emails()).toEqual([]);
    expect(result).toMatchObject({ sent: false, dryRun: true, reportDate: '2026-11-27' });
    expect(result.window.start).toBe('2026-11-27T00:00:00+01:00');
    expect(result.html).toContain('<!DOCTYPE html>');
    expect(result.text).toContain('Backups 2026-11-27');
    expect(result.messageId).toBeUndefined();
  });

  test('an invalid console event is rejected before anything is fetched or sent', async () => {
    const before = totalCalls();

    await expect(handler({ dryrun: true })).rejects.toThrow(EventError);
    await expect(handler({ date: '28.11.2026' })).rejects.toThrow('date: must be a date as YYYY-MM-DD');

    expect(totalCalls()).toBe(before);
    expect(await local.ses.emails()).toEqual([]);
  });

  test('a bad config fails naming the field, before anything is fetched', async () => {
    const config = demoConfig(local.simulator);
    await useConfig({ ...config, watch: { ...config.watch, jobs: [{ loginName: 'x', backupSetId: '1' }] } });
    const before = totalCalls();

    const error = await handler({}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('watch.jobs[0].jobId: required');
    expect(totalCalls()).toBe(before);
  });
});

async function cbs(
  endpoint: string,
  params: Record<string, unknown>,
): Promise<{ Status: string; Data: unknown }> {
  const response = await fetch(`${local.simulator.url}/obs/api/json/${endpoint}.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ SysUser: local.simulator.sysUser, SysPwd: local.simulator.sysPwd, ...params }),
  });
  return (await response.json()) as { Status: string; Data: unknown };
}
