/**
 * One whole-server run in a process of its own, started by whole-server-bench.ts with
 * `--max-old-space-size=256`: the production pipeline (createRuntime, the real CbsHttpClient,
 * runDigest, the Handlebars renderer) against the bench's fake CBS, with a mailer that only sizes
 * the message. Samples its heap while it runs and sends the figures back over IPC.
 */
import { getHeapStatistics } from 'node:v8';
import { EnvCredentials } from '../../lambda/adapters/credentials/env-credentials';
import type { DigestEmail, Mailer } from '../../lambda/core/mailer';
import { computeWindow } from '../../lambda/core/report-window';
import { runDigest } from '../../lambda/core/run-digest';
import { parseInvocationEvent } from '../../lambda/entry/invocation-event';
import { createRuntime, runDependencies } from '../../lambda/entry/runtime';

export interface WholeServerFigures {
  wallMs: number;
  rows: number;
  counts: Record<string, number>;
  cbsCalls: number;
  messageBytes: number;
  peakHeapUsedMb: number;
  peakHeapTotalMb: number;
  peakRssMb: number;
  heapLimitMb: number;
}

/** Sizes the message it would send; the bench is about collecting, not about SES. */
class SizingMailer implements Mailer {
  bytes = 0;
  async send(email: DigestEmail): Promise<{ messageId: string }> {
    this.bytes =
      Buffer.byteLength(email.html) +
      Buffer.byteLength(email.text) +
      (email.attachments ?? []).reduce((sum, a) => sum + a.content.byteLength, 0);
    return { messageId: 'bench' };
  }
}

async function main(): Promise<WholeServerFigures> {
  const scheduledTime = process.env.BENCH_SCHEDULED_TIME;
  if (!scheduledTime) throw new Error('BENCH_SCHEDULED_TIME is not set');
  const peak = { heapUsed: 0, heapTotal: 0, rss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const sampler = setInterval(sample, 20);

  const mailer = new SizingMailer();
  const runtime = await createRuntime({ credentials: new EnvCredentials(), mailer });
  const deps = runDependencies(runtime);
  const server = await deps.connect();
  const request = parseInvocationEvent({ scheduledTime }, new Date());
  const started = performance.now();
  const { summary } = await runDigest(
    { ...deps, server },
    runtime.settings,
    request,
    computeWindow(runtime.settings.report, request.anchor, request.date),
  );
  const wallMs = performance.now() - started;
  sample();
  clearInterval(sampler);
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    wallMs,
    rows: summary.rows,
    counts: summary.counts,
    cbsCalls: summary.cbsCalls ?? 0,
    messageBytes: mailer.bytes,
    peakHeapUsedMb: mb(peak.heapUsed),
    peakHeapTotalMb: mb(peak.heapTotal),
    peakRssMb: mb(peak.rss),
    heapLimitMb: mb(getHeapStatistics().heap_size_limit),
  };
}

main().then(
  (figures) => {
    process.send?.(figures);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
