import { userKey } from '../../core/backup-server';
import type { DigestRow } from '../../core/digest';
import type { Detail } from './detail';
import { countOf, formatBytes, formatCount } from './format';
import { displayUser } from './row-view';
import type { OkUserView, OkView } from './view-model';

/** A user with a hundred sets would fill the mail with names nobody needs to read. */
const SETS_NAMED_PER_USER = 8;

export interface UserTally {
  user: string;
  jobs: number;
  newBytes: number;
  /** Jobs per set name, in the order the rows came. */
  sets: Map<string, number>;
  /** What the data itself got wrong, e.g. an unreadable time: worth a line even when all is OK. */
  notes: string[];
}

/**
 * OK jobs need no one: one line per user says how many ran and how much they sent. `tallies`
 * come from `tallyByUser`, counted once however often the view is rebuilt.
 */
export function okView(tallies: readonly UserTally[], detail: Detail, clean: (s: string) => string): OkView {
  const jobs = tallies.reduce((n, t) => n + t.jobs, 0);
  const shown = tallies.slice(0, Math.max(0, detail.okUsers));
  const rest = tallies.slice(shown.length);
  const restJobs = rest.reduce((n, t) => n + t.jobs, 0);
  const restBytes = rest.reduce((n, t) => n + t.newBytes, 0);
  return {
    jobs,
    count: formatCount(jobs),
    heading: 'OK',
    users: shown.map((t) => userLine(t, detail.okSetNames, clean)),
    more:
      rest.length === 0
        ? ''
        : `${shown.length === 0 ? '' : 'and '}${countOf(rest.length, shown.length === 0 ? 'user' : 'more user')}: ${summary(restJobs, restBytes)}`,
  };
}

/** The OK rows per user, in the order the rows came (by user). */
export function tallyByUser(rows: readonly DigestRow[]): UserTally[] {
  const byUser = new Map<string, UserTally>();
  for (const row of rows) {
    const key = userKey(row.user);
    let tally = byUser.get(key);
    if (!tally) {
      tally = {
        user: displayUser(row.user.loginName, row.user.owner),
        jobs: 0,
        newBytes: 0,
        sets: new Map(),
        notes: [],
      };
      byUser.set(key, tally);
    }
    tally.jobs += 1;
    tally.newBytes += row.files?.new.bytes ?? 0;
    const set = row.backupSetName ?? row.backupSetId ?? '';
    tally.sets.set(set, (tally.sets.get(set) ?? 0) + 1);
    for (const note of row.notes) tally.notes.push(`${set}: ${note}`);
  }
  return [...byUser.values()];
}

function userLine(tally: UserTally, withSets: boolean, clean: (s: string) => string): OkUserView {
  return {
    user: clean(tally.user),
    summary: summary(tally.jobs, tally.newBytes),
    sets: withSets ? clean(nameSets(tally.sets)) : '',
    notes: tally.notes.map(clean),
  };
}

function summary(jobs: number, newBytes: number): string {
  return `${formatCount(jobs)} OK, ${newBytes > 0 ? `${formatBytes(newBytes)} new` : 'nothing new'}`;
}

/** `Documents, Hourly CDP (24 jobs)`: a set that ran more than once says how often. */
function nameSets(sets: Map<string, number>): string {
  const named = [...sets].slice(0, SETS_NAMED_PER_USER).map(([name, jobs]) => {
    return jobs === 1 ? name : `${name} (${countOf(jobs, 'job')})`;
  });
  const unnamed = sets.size - named.length;
  return unnamed > 0 ? `${named.join(', ')} and ${countOf(unnamed, 'more set')}` : named.join(', ');
}
