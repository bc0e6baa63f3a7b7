import {
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
  type StartExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { createLog } from '../adapters/powertools-log';
import { DigestError } from '../core/errors';
import type { Log } from '../core/log';
import { requestToJson } from './fan-out-messages';
import { parseInvocationEvent } from './invocation-event';

export type StartResult =
  | { started: true; executionArn: string; name: string | undefined }
  | { started: false; reason: string; name: string };

export type StartHandler = (event: unknown, context?: Context) => Promise<StartResult>;

/** The run could not be started; the invocation fails, so Lambda retries it and the alarm fires. */
export class RunStartError extends DigestError {}

/** Step Functions' execution names: at most 80 of letters, digits, `-` and `_` (others break its logs). */
const NAME = /[^A-Za-z0-9_-]/g;

/**
 * The run's name: its idempotency key (`schedule:<scheduled time>`, `on-demand:<dedupeKey>`), in
 * the characters Step Functions allows. Step Functions refuses a second execution of a name for
 * 90 days, so a scheduler retry, Lambda's retry of this function, or a second delivery of the
 * same scheduled time starts nothing. Dry runs and plain on-demand runs get no name of their own.
 */
export function executionName(idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey?.replace(NAME, '-').slice(0, 80);
}

/** What Start needs of Step Functions: the SDK client, or a stand-in running the definition locally. */
export interface RunStarter {
  send(command: StartExecutionCommand): Promise<Pick<StartExecutionCommandOutput, 'executionArn'>>;
}

export interface StartDependencies {
  client: RunStarter;
  stateMachineArn: string;
  log: Log;
}

/**
 * Fan-out mode's scheduled function. Takes the same events as the single-mode function
 * (`{"scheduledTime": …}`, `{"date": …}`, `{"dryRun": true}`), validates them the same way, and
 * starts the run named after the request.
 */
export function createStartHandler(deps: () => StartDependencies): StartHandler {
  return async (event) => {
    const request = parseInvocationEvent(event, new Date());
    const { client, stateMachineArn, log } = deps();
    const name = executionName(request.idempotencyKey);
    try {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(requestToJson(request)) }),
      );
      log.info('run started', { name, executionArn: started.executionArn, trigger: request.trigger });
      return { started: true, executionArn: started.executionArn ?? '', name };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists && name !== undefined) {
        log.info('run already started, this start stands down', { name });
        return { started: false, reason: 'a run of this name exists', name };
      }
      const { name: errorName, message } = error as Error;
      throw new RunStartError(`could not start the digest run ${name ?? ''}: ${errorName}: ${message}`, {
        cause: error,
      });
    }
  };
}

let defaults: StartDependencies | undefined;

export const handler = createStartHandler(() => {
  const stateMachineArn = process.env.RUN_STATE_MACHINE_ARN;
  if (!stateMachineArn)
    throw new RunStartError('RUN_STATE_MACHINE_ARN is not set: the stack names the run there');
  defaults ??= { client: new SFNClient({}), stateMachineArn, log: createLog() };
  return defaults;
});
