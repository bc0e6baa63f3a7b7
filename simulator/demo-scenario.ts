import { dailyEveningStart, spreadStarts } from './daily-start';
import type { SetPlan, UserPlan } from './user-plan';

const MB = 1024 * 1024;
const GB = 1024 * MB;

type SetSpec = Pick<SetPlan, 'id' | 'name' | 'destinationId'> & Partial<SetPlan>;

/**
 * The fixed users of the demo: between them, every line a digest can print appears in any
 * "24 hours before now" window. Names and ids are part of the contract with tests and demos.
 */
export function demoUsers(seed: number): UserPlan[] {
  const set = (loginName: string, spec: SetSpec): SetPlan => ({
    type: 'FILE',
    destinationName: 'AhsayCBS',
    content: 'files',
    startSeconds: [dailyEveningStart(seed, loginName, spec.id)],
    durationSeconds: { min: 4 * 60, max: 25 * 60 },
    outcome: 'success',
    typicalChangeBytes: 300 * MB,
    dedupeEnabled: true,
    items: 0,
    quirky: false,
    // The one running job of the demo is Big Data's (see runningNow).
    showsRunning: false,
    runningNow: false,
    ...spec,
  });
  return [
    {
      loginName: 'alice',
      owner: '',
      userId: '1687754981233',
      runVersion: '10.1.4.0',
      sets: [
        set('alice', { id: '1687755057644', name: 'Documents', destinationId: '1687755083984' }),
        set('alice', {
          id: '1687755190311',
          name: 'Mail Archive',
          destinationId: '1687755212870',
          type: 'Office 365 Exchange Online',
          destinationName: 'Wasabi eu-central-2',
          outcome: 'warning',
          typicalChangeBytes: 1.4 * GB,
        }),
        set('alice', {
          id: '1687755402518',
          name: 'SQL Server',
          destinationId: '1687755431027',
          type: 'MSSQL',
          content: 'database',
          items: 7,
          outcome: 'error',
          typicalChangeBytes: 6 * GB,
          durationSeconds: { min: 20 * 60, max: 55 * 60 },
        }),
      ],
    },
    {
      loginName: 'bob',
      owner: 'reseller-east',
      userId: '1691412200457',
      runVersion: '9.9.6.0',
      sets: [
        set('bob', {
          id: '1691412388120',
          name: 'File Server',
          destinationId: '1691412410932',
          outcome: 'system-error',
          typicalChangeBytes: 2.5 * GB,
        }),
        set('bob', {
          id: '1691412607745',
          name: 'Exchange',
          destinationId: '1691412633081',
          type: 'MSEXCHANGE',
          content: 'database',
          items: 4,
          outcome: 'missed',
        }),
        // Markup and non-ASCII on purpose: a digest must escape what users type.
        set('bob', {
          id: '1691412850264',
          name: 'Photos <b>& "more"</b> ✓',
          destinationId: '1691412871005',
          typicalChangeBytes: 900 * MB,
        }),
        // Never runs: the silent missed backup a digest exists to reveal.
        set('bob', {
          id: '1691413022679',
          name: 'Old Laptop',
          destinationId: '1691413049316',
          startSeconds: [],
        }),
      ],
    },
    {
      loginName: 'carol',
      owner: '',
      userId: '1702050311872',
      runVersion: '10.1.4.0',
      sets: [
        set('carol', {
          id: '1702050498113',
          name: 'VMware',
          destinationId: '1702050520761',
          type: 'VMWARE',
          content: 'vm',
          items: 5,
          typicalChangeBytes: 18 * GB,
          durationSeconds: { min: 40 * 60, max: 80 * 60 },
        }),
        // 23:40:12 plus 70 min 35 s ends at 00:50:47 on the next date.
        set('carol', {
          id: '1702050702340',
          name: 'Nightly Crossing',
          destinationId: '1702050725598',
          startSeconds: [23 * 3600 + 40 * 60 + 12],
          durationSeconds: { min: 70 * 60 + 35, max: 70 * 60 + 35 },
        }),
        set('carol', {
          id: '1702050903617',
          name: 'Hourly CDP',
          destinationId: '1702050931244',
          startSeconds: spreadStarts(24, seed, 'carol', '1702050903617'),
          durationSeconds: { min: 40, max: 240 },
          typicalChangeBytes: 25 * MB,
        }),
        set('carol', {
          id: '1702051104982',
          name: 'Big Data',
          destinationId: '1702051127130',
          runningNow: true,
          typicalChangeBytes: 12 * GB,
          durationSeconds: { min: 30 * 60, max: 90 * 60 },
        }),
        set('carol', {
          id: '1702051306475',
          name: 'Mystery',
          destinationId: '1702051329803',
          outcome: 'unknown',
        }),
      ],
    },
    // Owned by a second reseller, so the demo mails two resellers' digests.
    {
      loginName: 'dave',
      owner: 'reseller-west',
      userId: '1709303612094',
      runVersion: '8.5.2.0',
      sets: [
        set('dave', {
          id: '1709303790551',
          name: 'Laptop',
          destinationId: '1709303818206',
          outcome: 'warning',
          quirky: true,
          typicalChangeBytes: 150 * MB,
        }),
      ],
    },
    // What only a digest with memory and schedules gets right.
    {
      loginName: 'gina',
      owner: '',
      userId: '1712003344551',
      runVersion: '10.1.4.0',
      sets: [
        // Failed at 01:00, fixed by its retry at 02:00: recovered, not failed.
        set('gina', {
          id: '1712003401118',
          name: 'Nightly Retry',
          destinationId: '1712003422907',
          startSeconds: [1 * 3600 + 5 * 60, 2 * 3600 + 5 * 60],
          outcomes: ['system-error', 'success'],
        }),
        // The client died two days ago mid-backup: one job with no end ever since.
        set('gina', {
          id: '1712003603346',
          name: 'Stuck Client',
          destinationId: '1712003627055',
          stuckDaysAgo: 2,
          destinationName: 'Wasabi eu-central-2',
        }),
        // Fails every night for five nights (and today): ongoing, not new.
        set('gina', {
          id: '1712003805572',
          name: 'Failing Server',
          destinationId: '1712003829203',
          outcome: 'system-error',
          failingNights: 5,
        }),
        // Stopped running: its last job, a success, was 12 days ago.
        set('gina', {
          id: '1712004007790',
          name: 'Forgotten PC',
          destinationId: '1712004031351',
          stoppedDaysAgo: 11,
        }),
        set('gina', {
          id: '1712004209018',
          name: 'Office Weekdays',
          destinationId: '1712004233509',
          schedule: 'weekdays',
        }),
        set('gina', {
          id: '1712004411236',
          name: 'Weekly Archive',
          destinationId: '1712004435657',
          schedule: 'weekly',
          destinationName: 'Wasabi eu-central-2',
        }),
        // Run by hand now and then; no schedule: "not scheduled", never missed.
        set('gina', {
          id: '1712004613454',
          name: 'Manual Export',
          destinationId: '1712004637805',
          schedule: 'none',
          startSeconds: [],
        }),
      ],
    },
    // Suspended (a trial that ended): listed by 2/ListUsers, skipped in whole-server mode.
    {
      loginName: 'frank',
      owner: '',
      status: 'SUSPENDED',
      userId: '1713001122334',
      runVersion: '10.1.2.0',
      sets: [
        set('frank', {
          id: '1713001200117',
          name: 'Trial Desktop',
          destinationId: '1713001224408',
          stoppedDaysAgo: 30,
        }),
      ],
    },
  ];
}
