import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type CoreSplit, coreSplit } from './cores';

/**
 * Time the hypervisor gave away. This machine is a VM on a shared host: when the host is busy, a
 * vCPU that has work waits for a physical CPU, and Linux counts that wait as "steal" in
 * /proc/stat. A run whose core was stolen from waits on nothing of its own, and its wall time grows
 * by about as much. On 2026-12-03, in a bench round at 10,000 jobs with history, 25 to 35 % of the
 * time both cores wanted was stolen (10 s samples; 0 to 1 % when the machine was idle). Without this
 * figure, a slow round could not be told from slow code.
 *
 * What was stolen while one run ran: from its core, and from the stand-ins' core.
 */
export interface Stolen {
  /** From the run's core; from all the machine's cores when they were not split. */
  runMs: number;
  /** From the core of the simulator and the stand-ins; absent when the cores were not split. */
  standInsMs?: number;
}

let msPerTick: number | undefined;

/** /proc/stat counts in USER_HZ ticks: `getconf CLK_TCK`, 100 on every Linux we know of. */
function tickMs(): number {
  if (msPerTick === undefined) {
    let hz = 100;
    try {
      const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      if (Number.isFinite(answer) && answer > 0) hz = answer;
    } catch {
      // No getconf: the usual value.
    }
    msPerTick = 1000 / hz;
  }
  return msPerTick;
}

/** "9.4 s": stolen time as the tables and targets show it. */
export function stolenSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Stolen ms of one core's line (`cpu1 …`), or the machine's (`cpu …`) when `cpu` is undefined; undefined without one. */
export function parseStolenMs(stat: string, cpu: number | undefined, ms: number): number | undefined {
  const label = cpu === undefined ? 'cpu' : `cpu${cpu}`;
  const line = stat.split('\n').find((l) => l.startsWith(`${label} `));
  if (line === undefined) return undefined;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  const steal = ticks[7];
  if (steal === undefined || !Number.isFinite(steal)) return undefined;
  return steal * ms;
}

/** The steal counters of the run's core and the stand-ins', from one read of /proc/stat. */
function snapshot(run: number | undefined, standIns: number | undefined) {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return { run: undefined, standIns: undefined };
  }
  const ms = tickMs();
  return {
    run: parseStolenMs(stat, run, ms),
    standIns: standIns === undefined ? undefined : parseStolenMs(stat, standIns, ms),
  };
}

/**
 * Starts counting what is stolen from the run's core and the stand-ins' (the machine's when the
 * bench did not split its cores); the function returned stops and says how much. Undefined off Linux.
 */
export function watchSteal(split: CoreSplit | undefined = coreSplit()): () => Stolen | undefined {
  const before = snapshot(split?.run, split?.standIns);
  return () => {
    const after = snapshot(split?.run, split?.standIns);
    if (before.run === undefined || after.run === undefined) return undefined;
    return {
      runMs: after.run - before.run,
      ...(before.standIns !== undefined && after.standIns !== undefined
        ? { standInsMs: after.standIns - before.standIns }
        : {}),
    };
  };
}
