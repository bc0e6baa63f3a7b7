import type { RunFigures } from './run-figures';

/** One size of the benchmark: what the run measured and what the simulator saw. */
export interface SizeResult {
  /** Jobs the size was asked for; `figures.jobsInWindow` is how many the run found. */
  nominalJobs: number;
  users: number;
  /** Backup sets on the server: one 2/GetBackupSet each (schedules, destination names). */
  sets: number;
  /** CBS-local dates the window touches: listings per user. */
  dates: number;
  /** Requests the simulator answered, by endpoint. */
  calls: Record<string, number>;
  /** Requests that asked again what an earlier one had asked, by endpoint. */
  repeatedCalls: Record<string, number>;
  totalCalls: number;
  floorMs: number;
  /** With history on: requests the DynamoDB stand-in answered during the run, by operation. */
  dynamoCalls?: Record<string, number>;
  figures: RunFigures;
}
