import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Which core does what in a bench run. The floor a run is judged against treats CBS as a server of
 * its own; here its stand-in (the simulator, in the bench's own process, with the SSM and SES
 * stand-ins and DynamoDB's) shares the machine with the run. Left to the scheduler on two cores,
 * the two processes were woken onto each other's core with every call (a loopback write wakes the
 * reader, and Linux likes to run it where the writer is). At 10,000 jobs without history, pinned
 * against unpinned in the same hour, the simulator's process took 16.9 to 21.5 s of CPU against
 * 19.7 to 31.2 s, and a call held its client slot 52.4 to 53.9 ms against 53.6 to 55.7 ms. So the
 * run gets a core, the stand-ins another. With history no difference could be told from the
 * noise between rounds (docs/history.md, "What history costs").
 */
export interface CoreSplit {
  /** The bench's process and every process it starts but the run. */
  standIns: number;
  /** The process whose figures are measured. */
  run: number;
}

let split: CoreSplit | undefined;
let why = 'not asked';

/**
 * Pins this process (every thread, and so every process it starts from now on) to the first core it
 * may use, and keeps the second for the runs `pinnedFork` starts. Nothing is pinned on a machine
 * with one core, off Linux, or without `taskset` (util-linux): the bench then runs as before and
 * says so.
 */
export function splitCores(): CoreSplit | undefined {
  const allowed = allowedCpus();
  if (allowed === undefined) return unpinned('not Linux (no /proc/self/status)');
  const [standIns, run] = allowed;
  if (standIns === undefined || run === undefined) return unpinned('one core');
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(standIns), String(process.pid)], {
      stdio: 'ignore',
    });
  } catch (error) {
    return unpinned(`taskset failed (${(error as Error).message.split('\n')[0]})`);
  }
  split = { standIns, run };
  return split;
}

/** The split `splitCores` made, if it made one. */
export function coreSplit(): CoreSplit | undefined {
  return split;
}

/** How `fork` starts a measured run: on its own core when the cores were split, else as it is. */
export function pinnedFork(execArgv: readonly string[]): { execPath?: string; execArgv: string[] } {
  return split === undefined ? { execArgv: [...execArgv] } : forkOn(split.run, execArgv);
}

/** `fork` options that start node on `cpu`: taskset sets it and execs node, which keeps the IPC channel. */
export function forkOn(cpu: number, execArgv: readonly string[]): { execPath: string; execArgv: string[] } {
  return { execPath: 'taskset', execArgv: ['--cpu-list', String(cpu), process.execPath, ...execArgv] };
}

/** For BENCHMARKS.md: where the run and its stand-ins ran. */
export function coresLine(): string {
  return split
    ? `the run's process on CPU ${split.run}, the simulator and the stand-ins on CPU ${split.standIns} (taskset), as CBS and AWS are other machines`
    : `processes not pinned to cores (${why})`;
}

function unpinned(reason: string): undefined {
  why = reason;
  return undefined;
}

/** The CPUs this process may run on, in order, from `Cpus_allowed_list` (`0-1`, `0,2-3`). */
export function allowedCpus(): number[] | undefined {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  if (list === undefined) return undefined;
  return parseCpuList(list);
}

/** `0-1,4` → [0, 1, 4]. */
export function parseCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!range) return [];
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  });
}
