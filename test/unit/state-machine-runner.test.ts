import { type AslMachine, StateMachineRunner, StatesError } from '../../dev/local/state-machine-runner';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:Step';

/** A map over an S3 array in batches of two, whose child doubles each item, then a Task. */
function machine(overrides: Record<string, unknown> = {}): AslMachine {
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Arguments: { Bucket: 'b', Key: '{% $states.input.key %}' },
        },
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { run: '{% $states.context.Execution.Name %}' } },
        MaxConcurrency: 2,
        ToleratedFailurePercentage: 0,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Double',
          States: {
            Double: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Arguments: { FunctionName: FN, Payload: '{% $states.input %}' },
              Output: '{% $states.result.Payload %}',
              End: true,
            },
          },
        },
        Output: '{% $states.result %}',
        End: true,
        ...overrides,
      },
    },
  };
}

function runner(definition: AslMachine, invoke: (payload: unknown) => Promise<unknown>) {
  return new StateMachineRunner(definition, {
    invoke: async (_arn, payload) => invoke(payload),
    readObject: async () => [1, 2, 3, 4, 5],
    localConcurrency: 2,
  });
}

describe('the local state machine runner', () => {
  test('batches the S3 items with their batch input and collects the children outputs in order', async () => {
    const double = async (payload: unknown) => {
      const { Items, BatchInput } = payload as { Items: number[]; BatchInput: { run: string } };
      return { run: BatchInput.run, items: Items.map((n) => n * 2) };
    };

    const output = await runner(machine(), double).start('run-1', { key: 'items.json' });

    expect(output).toEqual([
      { run: 'run-1', items: [2, 4] },
      { run: 'run-1', items: [6, 8] },
      { run: 'run-1', items: [10] },
    ]);
  });

  test('fails the map past its tolerated share of failed batches, naming the threshold', async () => {
    const failOnFive = async (payload: unknown) => {
      if ((payload as { Items: number[] }).Items.includes(5)) throw new Error('boom');
      return {};
    };

    const run = runner(machine(), failOnFive).start('run-2', { key: 'items.json' });

    await expect(run).rejects.toThrow(StatesError);
    await expect(run).rejects.toMatchObject({ error: 'States.ExceedToleratedFailureThreshold' });
    await expect(
      runner(machine({ ToleratedFailurePercentage: 34 }), failOnFive).start('r', { key: 'k' }),
    ).resolves.toHaveLength(3);
  });

  test('refuses a field it does not implement instead of skipping it', () => {
    expect(() => runner(machine({ ItemSelector: { x: 1 } }), async () => ({}))).not.toThrow();
    return expect(
      runner(machine({ ItemSelector: { x: 1 } }), async () => ({})).start('r', { key: 'k' }),
    ).rejects.toThrow('state Each: the runner does not know the field ItemSelector');
  });

  test('refuses a JSONPath definition', () => {
    expect(() => runner({ ...machine(), QueryLanguage: 'JSONPath' }, async () => ({}))).toThrow(
      'the runner evaluates JSONata definitions only',
    );
  });
});
