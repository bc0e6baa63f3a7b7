import { type ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export interface DynamoDbProcess {
  url: string;
  /** Requests answered so far, by operation (`BatchGetItem`, ...). */
  calls(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/**
 * dynalite (dev/local/dynamodb-local.ts) in a child process rather than in the bench's own. The
 * bench's process also runs the CBS simulator: dynalite's work there (a 25-item batch write is
 * milliseconds of one thread) held back the simulator's answers whenever the run wrote history
 * while it was still asking CBS, which real DynamoDB, a service of its own, never does.
 */
export async function startDynamoDbProcess(): Promise<DynamoDbProcess> {
  // tsx loads the child's TypeScript, resolved from the project's root whatever runs this.
  const child: ChildProcess = fork(join(__dirname, 'dynamodb-child.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (message && typeof message === 'object' && key in message) {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve((message as Record<string, T>)[key] as T);
        }
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`dynalite's process ended (exit code ${code}) before it sent ${key}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const url = await next<string>('url');
  return {
    url,
    calls: () => {
      const answer = next<Record<string, number>>('calls');
      child.send('calls');
      return answer;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
