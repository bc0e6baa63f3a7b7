import { fork } from 'node:child_process';
import { pinnedFork } from './cores';
import { lambdaHeapFlags } from './lambda-heap-flags';

/** Longer than any run may take: Lambda's 15 minutes. */
const TIMEOUT_MS = 15 * 60 * 1000;

/**
 * Forks a bundled script with the heap limits Lambda gives `memoryMb` (not this process's flags:
 * they load tsx, which would count in its memory), optionally sends it `request`, and resolves to
 * the one message it sends back, on the run's own core when the bench split them (`splitCores`).
 * Its stdout goes nowhere; its stderr shows.
 */
export function forkForFigures<T>(
  script: string,
  env: Record<string, string>,
  memoryMb: number,
  request?: unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      env: { ...process.env, ...env },
      ...pinnedFork(lambdaHeapFlags(memoryMb)),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let figures: T | undefined;
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.on('message', (message) => {
      figures = message as T;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (figures !== undefined) resolve(figures);
      else reject(new Error(`${script} ended with ${signal ?? `exit code ${code}`} and no figures`));
    });
    if (request !== undefined) child.send(request as object);
  });
}
