import { parseConfig } from '../../lambda/config/load-config';
import type { BackupUserRef, JobListing } from '../../lambda/core/backup-server';
import type { DigestRow } from '../../lambda/core/digest';
import { forEachLimited } from '../../lambda/core/for-each-limited';
import { computeWindow } from '../../lambda/core/report-window';
import { digestSettings } from '../../lambda/entry/digest-settings';
import { collectAndJudge } from '../support/collect-and-judge';
import { FakeBackupServer, listedJob, summaryFor } from '../support/fake-backup-server';

const anchor = new Date('2026-11-29T06:00:00Z');

async function collect(server: FakeBackupServer, watch: unknown, concurrency = 4): Promise<DigestRow[]> {
  const config = parseConfig({
    cbs: {
      baseUrl: 'https://cbs.example.com',
      credentialsParameter: '/p',
      timeZone: 'Europe/Berlin',
      concurrency,
    },
    report: { timeZone: 'Europe/Berlin', windowHours: 24, windowEndsAt: '07:00' },
    mail: { from: 'a@example.com', to: ['b@example.com'] },
    watch,
  });
  return collectAndJudge(server, digestSettings(config), computeWindow(config.report, anchor));
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds the listings of one user until the test opens the gate (or a second has passed). */
class GatedServer extends FakeBackupServer {
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
    setTimeout(resolve, 1000).unref();
  });

  constructor(private readonly heldUser: string) {
    super();
  }

  openGate(): void {
    this.open();
  }

  override async listJobs(user: BackupUserRef, date: string): Promise<JobListing> {
    if (user.loginName === this.heldUser) await this.gate;
    return super.listJobs(user, date);
  }
}

describe('collection order', () => {
  test("a user's job reports are asked for as soon as its own listings are in, not after every user's", async () => {
    // prepare: slow's listings wait until fast's report has been asked for
    const job = listedJob('fast', '1', '2026-11-28 22:00:00');
    const server = new GatedServer('slow')
      .listingOf('fast', '2026-11-28', { jobs: [job], unreadable: [] })
      .summaryOf('fast', '1', job.jobId, summaryFor(job));
    const summaryAsked = server.getJobSummary.bind(server);
    server.getJobSummary = (ref) => {
      server.openGate();
      return summaryAsked(ref);
    };

    // act
    await collect(server, { users: [{ loginName: 'slow' }, { loginName: 'fast' }] });

    // assert: a phased collection would have asked for the report only after slow's listings
    const firstSummary = server.calls.findIndex((c) => c.startsWith('getJobSummary'));
    const slowListings = server.calls.filter((c) => c.startsWith('listJobs slow'));
    expect(slowListings).toHaveLength(2);
    expect(firstSummary).toBeLessThan(server.calls.indexOf('listJobs slow 2026-11-28'));
  });

  test('works on at most twice the CBS concurrency users at once, and on all of them', async () => {
    // prepare: every listing takes a few ms, so users overlap if allowed to
    const active = new Set<string>();
    let most = 0;
    const server = new FakeBackupServer();
    const list = server.listJobs.bind(server);
    server.listJobs = async (user, date) => {
      active.add(user.loginName);
      most = Math.max(most, active.size);
      await tick(3);
      const listing = await list(user, date);
      if (date === '2026-11-29') active.delete(user.loginName);
      return listing;
    };
    const users = Array.from({ length: 12 }, (_, i) => ({ loginName: `u${i}` }));

    // act
    await collect(server, { users }, 2);

    // assert
    expect(most).toBe(4);
    expect(server.calls.filter((c) => c.startsWith('listJobs'))).toHaveLength(24);
  });
});

describe('forEachLimited', () => {
  test('starts items in order, never more than the limit at once, and finishes them all', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;

    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      await tick(item % 3);
      running -= 1;
    });

    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
    expect(running).toBe(0);
  });

  test('does nothing for no items', async () => {
    const work = jest.fn(async () => undefined);

    await forEachLimited([], 4, work);

    expect(work).not.toHaveBeenCalled();
  });
});
