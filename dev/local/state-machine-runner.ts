import jsonata from 'jsonata';

/**
 * Runs a synthesized Step Functions definition locally, state by state, with real Lambda handlers:
 * how the fan-out run is tested and measured without AWS. It follows the Amazon States Language
 * for exactly what backup-digest's definition uses (JSONata; Task on `lambda:invoke`; a
 * Distributed Map with an S3 JSON ItemReader, ItemBatcher, MaxConcurrency and
 * ToleratedFailurePercentage; Retry and Catch) and refuses any other field or state type, so a
 * change to the definition that it cannot honour fails loudly instead of being skipped. No
 * package runs Distributed Map locally on Node 20 (aws-local-stepfunctions needs Node 22 and has no
 * ItemReader or ItemBatcher).
 */

export type AslValue = unknown;
export interface AslState {
  Type: string;
  [field: string]: unknown;
}
export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
  [field: string]: unknown;
}

/** What a Lambda function does when invoked: the real handler, or a crash a test arranges. */
export type InvokeFunction = (functionArn: string, payload: unknown) => Promise<unknown>;

export interface RunnerOptions {
  invoke: InvokeFunction;
  /** Reads the JSON an ItemReader names (the run bucket, through the S3 stand-in). */
  readObject: (bucket: string, key: string) => Promise<unknown>;
  /** Batches run at once, at most the map's MaxConcurrency; 1 runs them one after another. */
  localConcurrency?: number;
  /** Called around every Task, for the bench's figures. */
  onTask?: (event: TaskEvent) => void;
}

export interface TaskEvent {
  state: string;
  functionArn: string;
  attempt: number;
  ms: number;
  error?: string;
}

/** A state failed and nothing caught it; `error` and `cause` as Step Functions would report them. */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    readonly error: string,
    /** Step Functions' `Cause`: for a function error, Lambda's JSON with its errorType and errorMessage. */
    readonly details: string,
  ) {
    super(`${error}: ${details}`);
  }
}

interface Bindings {
  input: unknown;
  context: unknown;
  result?: unknown;
  errorOutput?: unknown;
}

const ALLOWED: Record<string, readonly string[]> = {
  Task: [
    'Type',
    'Comment',
    'Resource',
    'Arguments',
    'Output',
    'Retry',
    'Catch',
    'Next',
    'End',
    'QueryLanguage',
  ],
  Map: [
    'Type',
    'Comment',
    'ItemReader',
    'ItemBatcher',
    'ItemProcessor',
    'MaxConcurrency',
    'ToleratedFailurePercentage',
    'Label',
    'Output',
    'Catch',
    'Retry',
    'Next',
    'End',
    'QueryLanguage',
  ],
};
const MACHINE_FIELDS = ['StartAt', 'States', 'QueryLanguage', 'Comment', 'TimeoutSeconds', 'ProcessorConfig'];

export class StateMachineRunner {
  constructor(
    private readonly machine: AslMachine,
    private readonly options: RunnerOptions,
  ) {
    checkMachine(machine);
  }

  /** One execution of the machine, named as Step Functions would name it; resolves to its output. */
  async start(name: string, input: unknown): Promise<unknown> {
    const context = { Execution: { Name: name, Input: input, StartTime: new Date().toISOString() } };
    return this.runMachine(this.machine, input, context);
  }

  private async runMachine(
    machine: AslMachine,
    input: unknown,
    context: Record<string, unknown>,
  ): Promise<unknown> {
    let name: string | undefined = machine.StartAt;
    let data = input;
    while (name !== undefined) {
      const state = machine.States[name];
      if (!state) throw new Error(`the definition names a state ${name} it does not have`);
      const stateContext = { ...context, State: { Name: name, EnteredTime: new Date().toISOString() } };
      const { output, next } = await this.runState(name, state, data, stateContext);
      data = output;
      name = next;
    }
    return data;
  }

  private async runState(
    name: string,
    state: AslState,
    input: unknown,
    context: Record<string, unknown>,
  ): Promise<{ output: unknown; next: string | undefined }> {
    const unknownField = Object.keys(state).find((field) => !(ALLOWED[state.Type] ?? []).includes(field));
    if (!ALLOWED[state.Type]) throw new Error(`state ${name}: the runner does not run ${state.Type} states`);
    if (unknownField) throw new Error(`state ${name}: the runner does not know the field ${unknownField}`);
    if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONata')
      throw new Error(`state ${name}: the runner evaluates JSONata only`);
    const next = state.End === true ? undefined : (state.Next as string);

    const retriers = (state.Retry ?? []) as Retrier[];
    const attempts = new Map<Retrier, number>();
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result =
          state.Type === 'Task'
            ? await this.task(name, state, input, context, attempt)
            : await this.map(name, state, input, context);
        const output =
          state.Output === undefined ? result : await evaluate(state.Output, { input, result, context });
        return { output, next };
      } catch (error) {
        const failure = asFailure(error);
        const retrier = retriers.find((candidate) => matches(candidate.ErrorEquals, failure.error));
        if (retrier) {
          const used = attempts.get(retrier) ?? 0;
          if (used < (retrier.MaxAttempts ?? 3)) {
            attempts.set(retrier, used + 1);
            continue;
          }
        }
        const catcher = ((state.Catch ?? []) as Catcher[]).find((candidate) =>
          matches(candidate.ErrorEquals, failure.error),
        );
        if (!catcher) throw failure;
        const errorOutput = { Error: failure.error, Cause: failure.details };
        const output =
          catcher.Output === undefined
            ? errorOutput
            : await evaluate(catcher.Output, { input, errorOutput, context });
        return { output, next: catcher.Next };
      }
    }
  }

  private async task(
    name: string,
    state: AslState,
    input: unknown,
    context: Record<string, unknown>,
    attempt: number,
  ): Promise<unknown> {
    if (typeof state.Resource !== 'string' || !/^arn:aws:states:::lambda:invoke$/.test(state.Resource))
      throw new Error(`state ${name}: the runner invokes Lambda only, not ${String(state.Resource)}`);
    const args = (await evaluate(state.Arguments, { input, context })) as {
      FunctionName: string;
      Payload: unknown;
    };
    const started = performance.now();
    try {
      // The payload crosses a process boundary in Lambda: handlers get a copy, never shared objects.
      const payload = await this.options.invoke(args.FunctionName, structuredClone(args.Payload));
      this.options.onTask?.({
        state: name,
        functionArn: args.FunctionName,
        attempt,
        ms: performance.now() - started,
      });
      return { Payload: structuredClone(payload), StatusCode: 200 };
    } catch (error) {
      const { name: errorType, message } = error as Error;
      this.options.onTask?.({
        state: name,
        functionArn: args.FunctionName,
        attempt,
        ms: performance.now() - started,
        error: errorType,
      });
      // As Lambda reports a function error: the error's name, and a JSON cause with its message.
      throw new StatesError(errorType, JSON.stringify({ errorType, errorMessage: message }));
    }
  }

  private async map(
    name: string,
    state: AslState,
    input: unknown,
    context: Record<string, unknown>,
  ): Promise<unknown> {
    const processor = state.ItemProcessor as AslMachine & { ProcessorConfig?: { Mode?: string } };
    if (processor.ProcessorConfig?.Mode !== 'DISTRIBUTED')
      throw new Error(`state ${name}: only a Distributed Map runs here`);
    const items = await this.readItems(name, state, input, context);
    const batches = await batchItems(name, state, items, input, context);
    const limit = Math.max(
      1,
      Math.min(Number(state.MaxConcurrency ?? 1), this.options.localConcurrency ?? 1),
    );
    const results: unknown[] = new Array(batches.length);
    let failed = 0;
    let nextBatch = 0;
    const worker = async (): Promise<void> => {
      while (nextBatch < batches.length) {
        const index = nextBatch++;
        const childContext = { ...context, Execution: { Name: `${name}:${index}` } };
        try {
          results[index] = await this.runMachine(processor, batches[index], childContext);
        } catch (error) {
          asFailure(error);
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: limit }, worker));
    const tolerated = Number(state.ToleratedFailurePercentage ?? 0);
    if (batches.length > 0 && (failed / batches.length) * 100 > tolerated)
      throw new StatesError(
        'States.ExceedToleratedFailureThreshold',
        `${failed} of ${batches.length} batches failed`,
      );
    return results;
  }

  private async readItems(
    name: string,
    state: AslState,
    input: unknown,
    context: unknown,
  ): Promise<unknown[]> {
    const reader = state.ItemReader as {
      Resource: string;
      ReaderConfig?: { InputType?: string };
      Arguments: unknown;
    };
    if (reader.Resource !== 'arn:aws:states:::s3:getObject' || reader.ReaderConfig?.InputType !== 'JSON')
      throw new Error(`state ${name}: the runner reads a JSON array from S3 only`);
    const { Bucket, Key } = (await evaluate(reader.Arguments, { input, context })) as {
      Bucket: string;
      Key: string;
    };
    let items: unknown;
    try {
      items = await this.options.readObject(Bucket, Key);
    } catch (error) {
      throw new StatesError('States.ItemReaderFailed', (error as Error).message);
    }
    if (!Array.isArray(items))
      throw new StatesError('States.ItemReaderFailed', `s3://${Bucket}/${Key} is not a JSON array`);
    return items;
  }
}

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}
interface Catcher {
  ErrorEquals: string[];
  Next: string;
  Output?: unknown;
}

/** ItemBatcher: at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes a batch, with BatchInput. */
async function batchItems(
  name: string,
  state: AslState,
  items: unknown[],
  input: unknown,
  context: unknown,
): Promise<{ Items: unknown[]; BatchInput?: unknown }[]> {
  const batcher = state.ItemBatcher as
    | { MaxItemsPerBatch?: number; MaxInputBytesPerBatch?: number; BatchInput?: unknown }
    | undefined;
  if (!batcher) throw new Error(`state ${name}: the runner expects an ItemBatcher`);
  const batchInput =
    batcher.BatchInput === undefined ? undefined : await evaluate(batcher.BatchInput, { input, context });
  const maxItems = batcher.MaxItemsPerBatch ?? Number.POSITIVE_INFINITY;
  const maxBytes = batcher.MaxInputBytesPerBatch ?? 256 * 1024;
  const fixedBytes = Buffer.byteLength(JSON.stringify({ Items: [], BatchInput: batchInput }));
  const batches: { Items: unknown[]; BatchInput?: unknown }[] = [];
  let current: unknown[] = [];
  let bytes = fixedBytes;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (fixedBytes + size > maxBytes)
      throw new StatesError(
        'States.ItemReaderFailed',
        `an item of ${size} bytes exceeds MaxInputBytesPerBatch`,
      );
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      batches.push({ Items: current, ...(batchInput === undefined ? {} : { BatchInput: batchInput }) });
      current = [];
      bytes = fixedBytes;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0)
    batches.push({ Items: current, ...(batchInput === undefined ? {} : { BatchInput: batchInput }) });
  return batches;
}

function matches(errorEquals: readonly string[], error: string): boolean {
  return errorEquals.some(
    (name) =>
      name === 'States.ALL' ||
      name === error ||
      (name === 'States.TaskFailed' && !error.startsWith('States.')),
  );
}

function asFailure(error: unknown): StatesError {
  if (error instanceof StatesError) return error;
  // Anything else is a fault of the runner or the definition, not a state failing: let it out.
  throw error;
}

/** A field's value: `{% expression %}` strings evaluated with `$states`, objects and arrays field by field. */
async function evaluate(template: unknown, states: Bindings): Promise<AslValue> {
  if (typeof template === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(template.trim());
    if (!match) return template;
    try {
      return await jsonata(match[1] ?? '').evaluate(null, { states });
    } catch (error) {
      throw new StatesError('States.QueryEvaluationError', `${template}: ${(error as Error).message}`);
    }
  }
  if (Array.isArray(template)) return Promise.all(template.map((value) => evaluate(value, states)));
  if (typeof template === 'object' && template !== null) {
    const entries = await Promise.all(
      Object.entries(template).map(async ([key, value]) => [key, await evaluate(value, states)] as const),
    );
    return Object.fromEntries(entries);
  }
  return template;
}

function checkMachine(machine: AslMachine): void {
  const unknownField = Object.keys(machine).find((field) => !MACHINE_FIELDS.includes(field));
  if (unknownField) throw new Error(`the runner does not know the machine field ${unknownField}`);
  if (machine.QueryLanguage !== 'JSONata') throw new Error('the runner evaluates JSONata definitions only');
}
