import { join } from 'node:path';
import type { CbsConnections } from '../adapters/cbs/cbs-connections';
import { CbsHttpClient, createCbsAgent } from '../adapters/cbs/cbs-http-client';
import { MAX_RETRY_DELAY_MS } from '../adapters/cbs/retry';
import type { CredentialsSource } from '../adapters/credentials/credentials-source';
import { SsmCredentials } from '../adapters/credentials/ssm-credentials';
import { EventBridgePublisher } from '../adapters/events/eventbridge-publisher';
import { HEARTBEAT_TIMEOUT_MS, Heartbeat, ssmHeartbeatUrl } from '../adapters/heartbeat/heartbeat';
import { DynamoDbAcknowledgementStore } from '../adapters/history/dynamodb-acknowledgement-store';
import { DynamoDbHistoryStore } from '../adapters/history/dynamodb-history-store';
import { RunOnce } from '../adapters/idempotency/run-once';
import { DynamoSentBatches } from '../adapters/mail/sent-batches';
import { SesMailer } from '../adapters/mail/ses-mailer';
import { RunMetrics } from '../adapters/metrics/run-metrics';
import { createLog } from '../adapters/powertools-log';
import type { SnoozeLinks } from '../adapters/render/digest-view';
import { HandlebarsFailureRenderer } from '../adapters/render/failure-renderer';
import { HandlebarsRenderer } from '../adapters/render/handlebars-renderer';
import { readSnoozeKey } from '../adapters/snooze/snooze-key';
import { SnoozeTokens, snoozeLinks } from '../adapters/snooze/snooze-token';
import { loadConfigFile } from '../config/load-config';
import type { Config } from '../config/schema';
import { runtimeTemplatesDir } from '../config/templates-dir';
import type { AcknowledgementStore } from '../core/acknowledgement-store';
import type { BackupServer } from '../core/backup-server';
import { Deadline } from '../core/deadline';
import type { EventPublisher } from '../core/digest-events';
import type { DigestRenderer } from '../core/digest-renderer';
import type { DigestSettings } from '../core/digest-settings';
import type { FailureRenderer } from '../core/failure-notice';
import type { HistoryStore } from '../core/history-store';
import type { Log } from '../core/log';
import type { Mailer } from '../core/mailer';
import type { RunOrReportDependencies } from '../core/run-or-report';
import { settle } from '../core/settle';
import { digestSettings } from './digest-settings';

/** Everything a run needs that can be built once per container: the composition root. */
export interface Runtime {
  config: Config;
  /** What the core needs of `config`. */
  settings: DigestSettings;
  renderer: DigestRenderer;
  failureRenderer: FailureRenderer;
  credentials: CredentialsSource;
  mailer: Mailer;
  log: Log;
  /** CBS connection pool, kept across warm invocations. */
  cbsConnections: CbsConnections;
  /** At most one digest per scheduled run; absent where no table is configured (CLI, demo). */
  runOnce: RunOnce | undefined;
  /** Per-run metrics in the log (EMF) for the alarms; absent outside Lambda unless a test passes one. */
  metrics: RunMetrics | undefined;
  /** What the digest remembers between runs; absent without HISTORY_TABLE or with history off. */
  history: HistoryStore | undefined;
  /** Pinged after each digest sent; absent without deploy.heartbeatUrl. */
  heartbeat: Heartbeat | undefined;
  /** Known issues, in the history table's ACK partition; absent where history is. */
  acknowledgements: AcknowledgementStore | undefined;
  /** Where the run's events go; absent without EVENT_BUS_NAME (the stack sets it; CLI and tests may). */
  events: EventPublisher | undefined;
}

export interface RuntimeOptions {
  configPath?: string;
  /** Snooze links signed with this key to this page, where the stack's variables do not say (demo, tests). */
  snooze?: { url: string; key: string };
  templatesDir?: string;
  credentials?: CredentialsSource;
  mailer?: Mailer;
  log?: Log;
  metrics?: RunMetrics;
  events?: EventPublisher;
}

/** Config next to the bundled handler (the stack puts it there), or CONFIG_PATH. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONFIG_PATH ?? join(__dirname, 'config.json');
}

/** Loads and validates config, compiles templates, builds adapters. Fails fast on any of them. */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const configPath = options.configPath ?? defaultConfigPath();
  const config = loadConfigFile(configPath);
  const templatesDir = options.templatesDir ?? runtimeTemplatesDir(config, configPath, __dirname);
  const historyTable = config.history.enabled ? process.env.HISTORY_TABLE : undefined;
  const log = options.log ?? createLog();
  return {
    config,
    settings: digestSettings(config),
    renderer: HandlebarsRenderer.fromDirectory(templatesDir, {
      snoozeLinks: await linksOf(config, options, log),
    }),
    failureRenderer: HandlebarsFailureRenderer.fromDirectory(templatesDir),
    credentials: options.credentials ?? new SsmCredentials(config.cbs.credentialsParameter),
    mailer:
      options.mailer ??
      new SesMailer(
        undefined,
        process.env.IDEMPOTENCY_TABLE ? new DynamoSentBatches(process.env.IDEMPOTENCY_TABLE) : undefined,
      ),
    log,
    cbsConnections: createCbsAgent(
      config.cbs.concurrency,
      config.cbs.caCertificates,
      config.cbs.requestTimeoutMs,
    ),
    runOnce: process.env.IDEMPOTENCY_TABLE ? new RunOnce(process.env.IDEMPOTENCY_TABLE) : undefined,
    // DIGEST_NAME (the stack sets it) is the metrics' dimension: the alarms of this deployment read it.
    metrics:
      options.metrics ?? (process.env.DIGEST_NAME ? RunMetrics.create(process.env.DIGEST_NAME) : undefined),
    history: historyTable ? new DynamoDbHistoryStore({ tableName: historyTable }) : undefined,
    acknowledgements: historyTable
      ? new DynamoDbAcknowledgementStore({ tableName: historyTable })
      : undefined,
    heartbeat: config.deploy.heartbeatUrl
      ? new Heartbeat({
          url: ssmHeartbeatUrl(config.deploy.heartbeatUrl.parameter),
          method: config.deploy.heartbeatUrl.method,
          timeoutMs: HEARTBEAT_TIMEOUT_MS,
        })
      : undefined,
    events:
      options.events ??
      (process.env.EVENT_BUS_NAME ? new EventBridgePublisher(process.env.EVENT_BUS_NAME) : undefined),
  };
}

/**
 * Snooze links when the config turns them on and the page is known: SNOOZE_URL and the key in
 * Secrets Manager (SNOOZE_KEY_SECRET), both set by the stack, or `options.snooze`. A key that
 * cannot be read costs the links, never the digest.
 */
async function linksOf(config: Config, options: RuntimeOptions, log: Log): Promise<SnoozeLinks | undefined> {
  if (!config.snooze.enabled) return undefined;
  if (options.snooze) return snoozeLinks(new SnoozeTokens(options.snooze.key), options.snooze.url);
  const { SNOOZE_URL: url, SNOOZE_KEY_SECRET: secret } = process.env;
  if (!url || !secret) {
    log.warn('snooze links off: SNOOZE_URL or SNOOZE_KEY_SECRET not set');
    return undefined;
  }
  const [key, error] = await settle(readSnoozeKey(secret));
  if (error || !key) {
    log.warn('snooze links off tonight', { error: error?.message });
    return undefined;
  }
  return snoozeLinks(new SnoozeTokens(key), url);
}

/** The CBS client for this run; credentials are read per run (cached by the source). */
export async function connectBackupServer(
  runtime: Runtime,
  deadline: Deadline = Deadline.none(),
): Promise<BackupServer> {
  const { config, credentials, cbsConnections, log } = runtime;
  const { cbs } = config;
  return new CbsHttpClient({
    dispatcher: cbsConnections,
    baseUrl: cbs.baseUrl,
    timeZone: cbs.timeZone,
    credentials: await credentials.get(),
    requestTimeoutMs: cbs.requestTimeoutMs,
    concurrency: cbs.concurrency,
    retry: {
      maxAttempts: cbs.maxAttempts,
      baseDelayMs: cbs.retryBaseDelayMs,
      maxDelayMs: MAX_RETRY_DELAY_MS,
    },
    maxResponseBytes: cbs.maxResponseBytes,
    deadline,
    onRetry: (endpoint, attempt, delayMs, error) =>
      log.warn('retrying CBS call', { endpoint, attempt, delayMs, error: error.message }),
  });
}

/** What the use case needs for one run; the CBS client is built inside it, so failures are reported. */
export function runDependencies(
  runtime: Runtime,
  deadline: Deadline = Deadline.none(),
  now: () => Date = () => new Date(),
): RunOrReportDependencies {
  return {
    connect: () => connectBackupServer(runtime, deadline),
    renderer: runtime.renderer,
    failureRenderer: runtime.failureRenderer,
    mailer: runtime.mailer,
    log: runtime.log,
    now,
    history: runtime.history,
    acknowledgements: runtime.acknowledgements,
    deadline,
    events: runtime.events,
  };
}
