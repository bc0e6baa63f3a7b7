import { randomUUID } from 'node:crypto';
import { ExecutionAlreadyExists, type StartExecutionCommand } from '@aws-sdk/client-sfn';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { BackupDigestStack } from '../../infra/backup-digest-stack';
import { loadStackConfig } from '../../infra/load-stack-config';
import type { RunMetrics } from '../../lambda/adapters/metrics/run-metrics';
import type { RunData } from '../../lambda/adapters/run-data/s3-run-data';
import type { Log } from '../../lambda/core/log';
import type { RunSummary } from '../../lambda/core/run-digest';
import { createCollectHandler } from '../../lambda/entry/collect-handler';
import { createFanOutRuntime } from '../../lambda/entry/fan-out-runtime';
import { createMergeHandler } from '../../lambda/entry/merge-handler';
import { createPlanHandler } from '../../lambda/entry/plan-handler';
import { createStartHandler, type StartResult } from '../../lambda/entry/start-handler';
import { type AslMachine, StateMachineRunner, type TaskEvent } from './state-machine-runner';
import { functionArnOf, synthesizedDefinition } from './synthesized-definition';

/** The fan-out run as the stack synthesizes it for a config: its definition and its functions' ARNs. */
export interface SynthesizedRun {
  definition: AslMachine;
  functions: { plan: string; collect: string; merge: string };
}

/** Synthesizes the stack for `configPath` (which must say `deploy.mode: "fan-out"`), without bundling. */
export function synthesizeRun(configPath: string): SynthesizedRun {
  const loaded = loadStackConfig(configPath);
  // An empty list of stacks to bundle makes CDK skip esbuild: the handlers run here, from source.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new BackupDigestStack(app, loaded.settings.stackName, {
    config: loaded.config,
    configFile: loaded.file,
  });
  const run = stack.backupDigest.fanOut;
  if (!run) throw new Error(`${configPath} does not deploy in fan-out mode (deploy.mode)`);
  const arnOf = (construct: IConstruct) =>
    functionArnOf(stack.getLogicalId(construct.node.defaultChild as CfnElement));
  return {
    definition: synthesizedDefinition(Template.fromStack(Stack.of(run))),
    functions: {
      plan: arnOf(run.plan.function),
      collect: arnOf(run.collect.function),
      merge: arnOf(run.merge.function),
    },
  };
}

export interface FanOutHarnessOptions {
  configPath: string;
  /** The run bucket, on the S3 stand-in. */
  runData: RunData;
  /**
   * A batch of Collect fails as Lambda would report it (a crash, a timeout) when this returns an
   * error for it; the definition's Retry and Catch then decide what happens.
   */
  failCollect?: (items: readonly { index: number; loginName: string }[]) => Error | undefined;
  /** Batches run at once here (at most the map's MaxConcurrency). */
  localConcurrency?: number;
  onTask?: (event: TaskEvent) => void;
  log?: Log;
  /** Where the steps write their run metrics (Merge does); by default as DIGEST_NAME says. */
  metrics?: RunMetrics;
  /**
   * Runs a step elsewhere (the bench runs each in a process of its own, as Lambda would); by
   * default the real handlers run in this process.
   */
  invokeStep?: (step: 'plan' | 'collect' | 'merge', payload: unknown) => Promise<unknown>;
}

export interface FanOutHarness {
  run: SynthesizedRun;
  /** Invokes the real Start handler with `event`; the run it starts executes before this resolves. */
  start(event: unknown): Promise<{ start: StartResult; output: RunSummary | undefined }>;
}

/**
 * The fan-out run on this machine: the synthesized definition executed by StateMachineRunner, its
 * Task states invoking the real Plan, Collect and Merge handlers (each with its own runtime, as
 * separate functions have), Start invoked as the schedule would, and a Step Functions stand-in
 * that, like Step Functions, refuses a second execution of a name.
 */
export function createFanOutHarness(options: FanOutHarnessOptions): FanOutHarness {
  const run = synthesizeRun(options.configPath);
  const runtime = () =>
    createFanOutRuntime({
      configPath: options.configPath,
      runData: options.runData,
      ...(options.log ? { log: options.log } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
  const handlers: Record<string, (payload: unknown) => Promise<unknown>> = {
    [run.functions.plan]: createPlanHandler(runtime),
    [run.functions.collect]: createCollectHandler(runtime),
    [run.functions.merge]: createMergeHandler(runtime),
  };
  const steps: Record<string, 'plan' | 'collect' | 'merge'> = {
    [run.functions.plan]: 'plan',
    [run.functions.collect]: 'collect',
    [run.functions.merge]: 'merge',
  };
  const runner = new StateMachineRunner(run.definition, {
    invoke: async (functionArn, payload) => {
      const handler = handlers[functionArn];
      const step = steps[functionArn];
      if (!handler || !step)
        throw new Error(`the definition invokes ${functionArn}, which is none of the run's functions`);
      const { batch, failure } = (payload ?? {}) as {
        batch?: { Items?: { index: number; loginName: string }[] };
        failure?: unknown;
      };
      if (functionArn === run.functions.collect && failure === undefined && batch?.Items) {
        const crash = options.failCollect?.(batch.Items);
        if (crash) throw crash;
      }
      return options.invokeStep ? options.invokeStep(step, payload) : handler(payload);
    },
    readObject: (_bucket, key) => options.runData.get(key),
    ...(options.localConcurrency === undefined ? {} : { localConcurrency: options.localConcurrency }),
    ...(options.onTask ? { onTask: options.onTask } : {}),
  });

  const names = new Set<string>();
  return {
    run,
    async start(event) {
      let output: RunSummary | undefined;
      const stepFunctions = {
        send: async (command: StartExecutionCommand) => {
          const name = command.input.name ?? randomUUID();
          if (names.has(name))
            throw new ExecutionAlreadyExists({
              message: `Execution Already Exists: '${name}'`,
              $metadata: {},
            });
          names.add(name);
          output = (await runner.start(name, JSON.parse(command.input.input ?? '{}'))) as RunSummary;
          return {
            executionArn: `arn:aws:states:us-east-1:123456789012:execution:Run:${name}`,
            startDate: new Date(),
          };
        },
      };
      const startHandler = createStartHandler(() => ({
        client: stepFunctions,
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Run',
        log: options.log ?? silent,
      }));
      const start = await startHandler(event);
      return { start, output };
    },
  };
}

const silent: Log = { debug() {}, info() {}, warn() {}, error() {} };
