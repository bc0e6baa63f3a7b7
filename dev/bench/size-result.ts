import type { RunFigures } from './run-figures';
import type { Stolen } from './steal';

/** One size of the benchmark: what the run measured and what the simulator saw. */
export interface SizeResult {
  /** Jobs the size was asked for; `figures.jobsInWindow` is how many the run found. */
  nominalJobs: number;
  users: number;
  /** Backup sets on the server: one 2/GetBackupSet each (schedules, destination names). */
  sets: number;
  /** CBS-local dates listed per user: those the window touches, and a backfill's nights'. */
  dates: number;
  /** Requests the simulator answered, by endpoint. */
  calls: Record<string, number>;
  /** Requests that asked again what an earlier one had asked, by endpoint. */
  repeatedCalls: Record<string, number>;
  totalCalls: number;
  floorMs: number;
  /** The simulator's mean time to answer a call (latency plus its own work): above the set latency, the machine's load. */
  answerMs: number;
  /** CPU time the hypervisor took from the cores while the run ran (see steal.ts); absent off Linux. */
  stolen?: Stolen | undefined;
  /** With history on: requests the DynamoDB stand-in answered during the run, by operation. */
  dynamoCalls?: Record<string, number>;
  figures: RunFigures;
  /** When the size was run more than once (`--rounds`): every round's figures; this result is the best round's. */
  rounds?: readonly RoundFigures[];
}

/** What the targets need of each round of a size. */
export interface RoundFigures {
  wallPerFloor: number;
  renderCpuMs: number;
  maxRssKb: number;
  /** Taken from the run's core by the hypervisor (see steal.ts). */
  stolenRunMs?: number | undefined;
}
