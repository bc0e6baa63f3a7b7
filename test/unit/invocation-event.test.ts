import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventError } from '../../lambda/entry/event-error';
import { parseInvocationEvent } from '../../lambda/entry/invocation-event';

const NOW = new Date('2026-11-29T09:15:00Z');

/** A fresh copy of an event fixture per test. */
function eventFixture(name: string): Record<string, unknown> {
  const path = resolve(__dirname, '../fixtures/events', name);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('parseInvocationEvent', () => {
  test('the scheduler payload anchors the run at its scheduled time, not at now', () => {
    // prepare
    const event = eventFixture('scheduler.json');

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request).toEqual({
      anchor: new Date('2026-11-29T06:00:00Z'),
      dryRun: false,
      trigger: 'schedule',
      idempotencyKey: 'schedule:2026-11-29T06:00:00.000Z',
    });
  });

  test('a scheduler retry with an offset keeps the instant it was scheduled for', () => {
    // prepare
    const event = { scheduledTime: '2026-11-29T07:00:00+01:00' };

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request.anchor.toISOString()).toBe('2026-11-29T06:00:00.000Z');
    // Written either way, the same scheduled instant is the same run.
    expect(request.idempotencyKey).toBe('schedule:2026-11-29T06:00:00.000Z');
  });

  test('an EventBridge rule event anchors at its time and is never a dry run', () => {
    // prepare
    const event = eventFixture('eventbridge-rule.json');

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request).toEqual({
      anchor: new Date('2026-11-29T06:00:00Z'),
      dryRun: false,
      trigger: 'schedule',
      idempotencyKey: 'schedule:2026-11-29T06:00:00.000Z',
    });
  });

  test.each<[string, unknown, string | undefined]>([
    ['a plain on-demand run', {}, undefined],
    ['an on-demand run with a dedupe key', { dedupeKey: 'rerun-2026-11-28' }, 'on-demand:rerun-2026-11-28'],
    [
      'a dry run, even of a scheduled time',
      { scheduledTime: '2026-11-29T06:00:00Z', dryRun: true },
      undefined,
    ],
    ['a dry run with a dedupe key', { dryRun: true, dedupeKey: 'x' }, undefined],
  ])('%s is deduplicated only when asked and when it sends', (_name, event, key) => {
    expect(parseInvocationEvent(event, NOW).idempotencyKey).toBe(key);
  });

  test('a console dry run reports on the window before now', () => {
    // prepare
    const event = eventFixture('console-dry-run.json');

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request).toEqual({ anchor: NOW, dryRun: true, trigger: 'on-demand' });
  });

  test('a console date event asks for that date', () => {
    // prepare
    const event = eventFixture('console-date.json');

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request).toEqual({ anchor: NOW, date: '2026-11-28', dryRun: true, trigger: 'on-demand' });
  });

  test('a leap day is a calendar date', () => {
    // prepare
    const event = { date: '2028-02-29' };

    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request.date).toBe('2028-02-29');
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['{}', {}],
  ])('%s is an on-demand run for now that sends mail', (_name, event) => {
    // act
    const request = parseInvocationEvent(event, NOW);

    // assert
    expect(request).toEqual({ anchor: NOW, dryRun: false, trigger: 'on-demand' });
    expect(request).not.toHaveProperty('date');
  });

  test('a typo such as "dryrun" is rejected, so it cannot send a real email', () => {
    // prepare
    const event = eventFixture('console-typo-dryrun.json');

    // act
    const act = () => parseInvocationEvent(event, NOW);

    // assert
    expect(act).toThrow(EventError);
    expect(act).toThrow('(root): Unrecognized key: "dryrun"');
  });

  test('date together with scheduledTime is rejected', () => {
    // prepare
    const event = { ...eventFixture('scheduler.json'), date: '2026-11-28' };

    // act
    const act = () => parseInvocationEvent(event, NOW);

    // assert
    expect(act).toThrow(EventError);
    expect(act).toThrow('date: cannot be combined with scheduledTime');
  });

  test.each<[string, unknown, string]>([
    ['dryRun as a string', { dryRun: 'true' }, 'dryRun: Invalid input: expected boolean, received string'],
    ['a date with a time', { date: '2026-11-28T00:00:00Z' }, 'date: must be a date as YYYY-MM-DD'],
    ['a date in another format', { date: '28.11.2026' }, 'date: must be a date as YYYY-MM-DD'],
    ['month 13', { date: '2026-13-01' }, 'date: is not a calendar date'],
    ['day 32', { date: '2026-01-32' }, 'date: is not a calendar date'],
    [
      'February 30th, which Date.parse rolls into March',
      { date: '2026-02-30' },
      'date: is not a calendar date',
    ],
    ['April 31st', { date: '2026-04-31' }, 'date: is not a calendar date'],
    ['February 29th of a common year', { date: '2025-02-29' }, 'date: is not a calendar date'],
    [
      'a scheduled time on February 30th',
      { scheduledTime: '2026-02-30T07:00:00Z' },
      'scheduledTime: must be an ISO 8601 time',
    ],
    [
      'a scheduled time that is only a date',
      { scheduledTime: '2026-11-29' },
      'scheduledTime: must be an ISO 8601 time',
    ],
    [
      'a scheduled time that is garbage',
      { scheduledTime: 'tomorrow' },
      'scheduledTime: must be an ISO 8601 time',
    ],
    ['an array', [], '(root): Invalid input: expected object, received array'],
    ['a string', 'run', '(root): Invalid input: expected object, received string'],
  ])('%s is rejected with the field named', (_name, event, expected) => {
    // act
    const act = () => parseInvocationEvent(event, NOW);

    // assert
    expect(act).toThrow(EventError);
    expect(act).toThrow(`invocation event is invalid:\n  ${expected}`);
  });

  test.each<[string, Record<string, unknown>]>([
    ['dryRun', { dryRun: true }],
    ['date', { date: '2026-11-28' }],
    ['scheduledTime', { scheduledTime: '2026-11-28T06:00:00Z' }],
  ])(
    'an EventBridge rule event with a console key (%s) added by hand is rejected, never sent for real',
    (key, extra) => {
      // prepare
      const event = { ...eventFixture('eventbridge-rule.json'), ...extra };

      // act
      const act = () => parseInvocationEvent(event, NOW);

      // assert
      expect(act).toThrow(EventError);
      expect(act).toThrow(`EventBridge event is invalid:\n  (root): Unrecognized key: "${key}"`);
    },
  );

  test('an EventBridge rule event whose time is not a time is rejected', () => {
    // prepare
    const event = { ...eventFixture('eventbridge-rule.json'), time: 'yesterday' };

    // act
    const act = () => parseInvocationEvent(event, NOW);

    // assert
    expect(act).toThrow(EventError);
    expect(act).toThrow('EventBridge event is invalid:\n  time: must be an ISO 8601 time');
  });
});
