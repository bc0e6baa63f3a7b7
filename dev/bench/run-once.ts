/**
 * One benchmark run in a fresh process, so its peak RSS is the digest's alone. The parent
 * (run-size.ts) starts the CBS simulator and the SSM and SES stand-ins, bundles this file the way
 * the stack bundles the handler, and starts it with the stand-ins' endpoints in its environment.
 * The run is the production pipeline: runDigest with the real CbsHttpClient, HandlebarsRenderer
 * and SesMailer, built by createRuntime from a config file; the decorators only time and measure.
 * Calls are counted by the simulator, in the parent, so counting costs this process nothing.
 * The figures go back over IPC.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SesMailer } from '../../lambda/adapters/mail/ses-mailer';
import { computeWindow } from '../../lambda/core/report-window';
import { runDigest } from '../../lambda/core/run-digest';
import { parseInvocationEvent } from '../../lambda/entry/invocation-event';
import { createRuntime, runDependencies } from '../../lambda/entry/runtime';
import type { RunFigures } from './run-figures';
import { TimedMailer } from './timed-mailer';
import { TimedRenderer } from './timed-renderer';

/**
 * BENCH_MEMORY_TRACE=1: the run's memory every second on stderr (RSS, V8 heap reserved and used,
 * memory outside the heap), to tell live data from garbage V8 has not collected yet.
 */
function traceMemory(): () => void {
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0).padStart(4);
  const started = performance.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
    console.error(
      `${s} s  rss ${mb(m.rss)}  heap ${mb(m.heapTotal)} used ${mb(m.heapUsed)}  external ${mb(m.external)} buffers ${mb(m.arrayBuffers)} MB`,
    );
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

async function main(): Promise<RunFigures> {
  const stopTrace = process.env.BENCH_MEMORY_TRACE ? traceMemory() : undefined;
  const scheduledTime = process.env.BENCH_SCHEDULED_TIME;
  if (!scheduledTime) throw new Error('BENCH_SCHEDULED_TIME is not set');
  let messageBytes = 0;
  const ses = new SESClient({});
  // Reads the raw MIME size off the request the real mailer sends, without composing it twice.
  ses.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { RawMessage?: { Data?: Uint8Array } };
      messageBytes = input.RawMessage?.Data?.byteLength ?? 0;
      return next(args);
    },
    { step: 'initialize', name: 'benchMessageSize' },
  );

  const initStarted = performance.now();
  const runtime = await createRuntime({ mailer: new SesMailer(ses) });
  const initMs = performance.now() - initStarted;
  const deps = runDependencies(runtime);
  // Credentials are read before the clock starts: the figures are about CBS, render and send.
  const server = await deps.connect();
  const renderer = new TimedRenderer(deps.renderer);
  const mailer = new TimedMailer(deps.mailer);
  const request = parseInvocationEvent({ scheduledTime }, new Date());

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { summary, digest } = await runDigest(
    { ...deps, server, renderer, mailer },
    runtime.settings,
    request,
    computeWindow(runtime.settings.report, request.anchor, request.date),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  stopTrace?.();
  return {
    initMs,
    wallMs,
    collectMs: (renderer.startedAt ?? started) - started,
    renderMs: renderer.renderMs,
    renderCpuMs: renderer.renderCpuMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sendMs: mailer.sendMs,
    htmlBytes: renderer.htmlBytes,
    textBytes: renderer.textBytes,
    messageBytes,
    maxRssKb: process.resourceUsage().maxRSS,
    maxRssCollectedKb: renderer.maxRssBeforeKb,
    maxRssRenderedKb: renderer.maxRssAfterKb,
    rows: summary.rows,
    counts: summary.counts,
    jobsInWindow: digest.rows.filter((row) => row.jobId !== undefined).length,
    sent: summary.sent,
  };
}

main().then(
  (figures) => {
    process.send?.(figures);
    process.disconnect?.();
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
