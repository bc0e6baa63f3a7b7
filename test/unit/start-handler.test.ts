import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { silentLog } from '../../lambda/core/log';
import { EventError } from '../../lambda/entry/event-error';
import { createStartHandler, executionName, RunStartError } from '../../lambda/entry/start-handler';

const MACHINE = 'arn:aws:states:eu-central-1:123456789012:stateMachine:Run';
const sfn = mockClient(SFNClient);

function startHandler() {
  return createStartHandler(() => ({
    client: new SFNClient({ region: 'eu-central-1' }),
    stateMachineArn: MACHINE,
    log: silentLog,
  }));
}

beforeEach(() => sfn.reset());

describe('the Start function of fan-out mode', () => {
  test('names the run after its scheduled time, in characters Step Functions accepts, and hands over the request', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${MACHINE}:run`, startDate: new Date() });

    const result = await startHandler()({ scheduledTime: '2026-11-29T06:00:00Z' });

    expect(result).toEqual({
      started: true,
      executionArn: `${MACHINE}:run`,
      name: 'schedule-2026-11-29T06-00-00-000Z',
    });
    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call?.args[0].input.stateMachineArn).toBe(MACHINE);
    expect(call?.args[0].input.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(JSON.parse(call?.args[0].input.input ?? '')).toEqual({
      anchor: '2026-11-29T06:00:00.000Z',
      dryRun: false,
      trigger: 'schedule',
    });
  });

  test('stands down when Step Functions refuses the name: a retry or second delivery starts nothing', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const result = await startHandler()({ scheduledTime: '2026-11-29T06:00:00Z' });

    expect(result).toEqual({
      started: false,
      reason: 'a run of this name exists',
      name: 'schedule-2026-11-29T06-00-00-000Z',
    });
  });

  test('fails, naming the run, when Step Functions cannot start it', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const start = startHandler()({ scheduledTime: '2026-11-29T06:00:00Z' });

    await expect(start).rejects.toThrow(RunStartError);
    await expect(start).rejects.toThrow(
      'could not start the digest run schedule-2026-11-29T06-00-00-000Z: ThrottlingException: Rate exceeded',
    );
  });

  test('leaves a dry run and a plain on-demand run unnamed, so each one runs', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${MACHINE}:x`, startDate: new Date() });

    await startHandler()({ dryRun: true, date: '2026-11-28' });

    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call?.args[0].input.name).toBeUndefined();
    expect(JSON.parse(call?.args[0].input.input ?? '')).toMatchObject({
      date: '2026-11-28',
      dryRun: true,
      trigger: 'on-demand',
    });
  });

  test('rejects a console event with a typo before starting anything', async () => {
    await expect(startHandler()({ dryrun: true })).rejects.toThrow(EventError);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  test.each([
    ['schedule:2026-11-29T06:00:00.000Z', 'schedule-2026-11-29T06-00-00-000Z'],
    ['on-demand:rerun after outage #2', 'on-demand-rerun-after-outage--2'],
    [`on-demand:${'x'.repeat(100)}`, `on-demand-${'x'.repeat(70)}`],
  ])('execution name of %s', (key, name) => {
    expect(executionName(key)).toBe(name);
  });
});
