import { type RunData, S3RunData } from '../adapters/run-data/s3-run-data';
import { ConfigError } from '../config/config-error';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';

/** A fan-out step's runtime: the digest function's, plus the run bucket the steps share. */
export interface FanOutRuntime extends Runtime {
  runData: RunData;
}

export interface FanOutRuntimeOptions extends RuntimeOptions {
  runData?: RunData;
}

/** The runtime of Plan, Collect and Merge; the stack names the run bucket in RUN_DATA_BUCKET. */
export async function createFanOutRuntime(options: FanOutRuntimeOptions = {}): Promise<FanOutRuntime> {
  const runtime = await createRuntime(options);
  if (options.runData) return { ...runtime, runData: options.runData };
  const bucket = process.env.RUN_DATA_BUCKET;
  if (!bucket)
    throw new ConfigError('RUN_DATA_BUCKET is not set: the fan-out steps keep their run data there', []);
  return { ...runtime, runData: new S3RunData(bucket) };
}
