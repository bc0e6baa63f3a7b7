/**
 * One step of a fan-out run in a fresh process, as Lambda runs each invocation in a sandbox of
 * its own: the parent (fan-out-bench.ts) bundles this file the way the stack bundles a handler,
 * sends `{ step, payload }`, and gets back the result or the error, the time and the peak RSS.
 */
import { createCollectHandler } from '../../lambda/entry/collect-handler';
import { createFanOutRuntime } from '../../lambda/entry/fan-out-runtime';
import { createMergeHandler } from '../../lambda/entry/merge-handler';
import { createPlanHandler } from '../../lambda/entry/plan-handler';

export interface StepRequest {
  step: 'plan' | 'collect' | 'merge';
  payload: unknown;
}

export interface StepOutcome {
  result?: unknown;
  error?: { name: string; message: string };
  ms: number;
  maxRssKb: number;
}

const handlers = {
  plan: () => createPlanHandler(() => createFanOutRuntime()),
  collect: () => createCollectHandler(() => createFanOutRuntime()),
  merge: () => createMergeHandler(() => createFanOutRuntime()),
};

process.once('message', async (message: StepRequest) => {
  const started = performance.now();
  let outcome: StepOutcome;
  try {
    const result = await handlers[message.step]()(message.payload);
    outcome = { result, ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS };
  } catch (error) {
    const { name, message: text } = error as Error;
    outcome = {
      error: { name, message: text },
      ms: performance.now() - started,
      maxRssKb: process.resourceUsage().maxRSS,
    };
  }
  process.send?.(outcome, () => process.disconnect());
});
