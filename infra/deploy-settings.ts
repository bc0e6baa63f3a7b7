import { ConfigError } from '../lambda/config/config-error';
import { DEPLOY_DEFAULTS, type DeployMode } from '../lambda/config/deploy-schema';
import { formatIssues } from '../lambda/config/format-issues';
import type { Config } from '../lambda/config/schema';
import { longestGapHours, ScheduleGapError } from './schedule-gap';

/** The `deploy` section with every default applied: what the stack builds from. */
export interface DeploySettings {
  stackName: string;
  schedule: string;
  scheduleTimeZone: string;
  alarmEmails: readonly string[];
  alarmNotCheckedPercent: number;
  /** Hours the "no digest sent" alarm waits: the schedule's longest gap plus two. */
  noDigestAlarmHours: number;
  memoryMb: number;
  timeoutSeconds: number;
  logRetentionDays: number;
  reservedConcurrency: number | undefined;
  credentialsParameter: string;
  credentialsKmsKeyArn: string | undefined;
  /** SSM parameter holding the heartbeat URL; the function may read it and nothing else beside the credentials. */
  heartbeatParameter: string | undefined;
  mailFrom: string;
  sesIdentity: string;
  sesConfigurationSet: string | undefined;
  /** Recipient identities SES checks while the account is in the sandbox; empty otherwise. */
  sesRecipientIdentities: readonly string[];
  /** Load the bundle's source map at run time (NODE_OPTIONS=--enable-source-maps). */
  sourceMaps: boolean;
  /** The bus the run's events go to. */
  eventBusName: string;
  mode: DeployMode;
  fanOut: FanOutSettings;
}

/** The `deploy.fanOut` section with its defaults; read only when `mode` is `fan-out`. */
export interface FanOutSettings {
  usersPerBatch: number;
  maxConcurrency: number;
  mergeMemoryMb: number;
  runDataDays: number;
  runTimeoutMinutes: number;
  /** CBS calls in flight at most: MaxConcurrency batches, each with cbs.concurrency connections. */
  cbsCallsInFlight: number;
}

/** Time left after the slowest single CBS request to render and send the digest. */
const RENDER_AND_SEND_MS = 10_000;

/**
 * Applies the defaults and checks what spans sections, which the schema cannot see field by field.
 * Throws ConfigError naming the field, like the schema does, so `cdk synth` reads the same.
 */
export function resolveDeploySettings(config: Config, source = 'config'): DeploySettings {
  const { deploy, cbs, mail, report } = config;
  const timeoutSeconds = deploy.timeoutSeconds ?? DEPLOY_DEFAULTS.timeoutSeconds;

  // One CBS request that hangs until its own timeout must not take the whole run with it.
  const minimumMs = cbs.requestTimeoutMs + RENDER_AND_SEND_MS;
  if (timeoutSeconds * 1000 < minimumMs) {
    const message = `must be at least ${Math.ceil(minimumMs / 1000)}: one CBS request may take cbs.requestTimeoutMs (${cbs.requestTimeoutMs} ms), plus ${RENDER_AND_SEND_MS / 1000} s to render and send`;
    const issues = [
      { code: 'custom' as const, path: ['deploy', 'timeoutSeconds'], message, input: timeoutSeconds },
    ];
    throw new ConfigError(`${source} is invalid:\n${formatIssues(issues)}`, issues);
  }

  const noDigestAlarmHours = noDigestWaitHours(deploy.schedule, source);

  return {
    stackName: deploy.stackName ?? DEPLOY_DEFAULTS.stackName,
    schedule: deploy.schedule,
    scheduleTimeZone: deploy.scheduleTimeZone ?? report.timeZone,
    alarmEmails: deploy.alarmEmails,
    alarmNotCheckedPercent: deploy.alarmNotCheckedPercent ?? DEPLOY_DEFAULTS.alarmNotCheckedPercent,
    noDigestAlarmHours,
    memoryMb: deploy.memoryMb ?? DEPLOY_DEFAULTS.memoryMb,
    timeoutSeconds,
    logRetentionDays: deploy.logRetentionDays ?? DEPLOY_DEFAULTS.logRetentionDays,
    reservedConcurrency: deploy.reservedConcurrency,
    credentialsParameter: cbs.credentialsParameter,
    credentialsKmsKeyArn: deploy.credentialsKmsKeyArn,
    heartbeatParameter: deploy.heartbeatUrl?.parameter,
    mailFrom: mail.from,
    sesIdentity: deploy.sesIdentity ?? mail.from,
    sesConfigurationSet: deploy.sesConfigurationSet,
    // Every recipient the function mails: the admins and each audience.
    sesRecipientIdentities:
      (deploy.sesSandbox ?? DEPLOY_DEFAULTS.sesSandbox)
        ? [...new Set([...mail.to, ...mail.audiences.flatMap((audience) => audience.to)])]
        : [],
    sourceMaps: deploy.sourceMaps ?? DEPLOY_DEFAULTS.sourceMaps,
    eventBusName: deploy.eventBusName ?? DEPLOY_DEFAULTS.eventBusName,
    mode: deploy.mode ?? DEPLOY_DEFAULTS.mode,
    fanOut: fanOutSettings(config),
  };
}

function fanOutSettings(config: Config): FanOutSettings {
  const given = config.deploy.fanOut ?? {};
  const defaults = DEPLOY_DEFAULTS.fanOut;
  const maxConcurrency = given.maxConcurrency ?? defaults.maxConcurrency;
  return {
    usersPerBatch: given.usersPerBatch ?? defaults.usersPerBatch,
    maxConcurrency,
    mergeMemoryMb: given.mergeMemoryMb ?? defaults.mergeMemoryMb,
    runDataDays: given.runDataDays ?? defaults.runDataDays,
    runTimeoutMinutes: given.runTimeoutMinutes ?? defaults.runTimeoutMinutes,
    cbsCallsInFlight: maxConcurrency * config.cbs.concurrency,
  };
}

/**
 * CloudWatch evaluates an alarm over at most 7 days of hourly periods; the "no digest sent" alarm
 * waits for the schedule's longest gap plus two hours, so a schedule must fire at least every 166 h.
 */
const MAX_ALARM_HOURS = 168;
const MARGIN_HOURS = 2;

function noDigestWaitHours(schedule: string, source: string): number {
  let gap: number;
  try {
    gap = longestGapHours(schedule);
  } catch (error) {
    if (!(error instanceof ScheduleGapError)) throw error;
    return refuse(source, `${error.message}; the "no digest sent" alarm cannot watch it`, schedule);
  }
  const hours = Math.ceil(gap + MARGIN_HOURS);
  if (hours > MAX_ALARM_HOURS) {
    return refuse(
      source,
      `fires up to ${gap} hours apart; the "no digest sent" alarm can wait at most ${MAX_ALARM_HOURS - MARGIN_HOURS} hours between digests`,
      schedule,
    );
  }
  return hours;
}

function refuse(source: string, message: string, input: string): never {
  const issues = [{ code: 'custom' as const, path: ['deploy', 'schedule'], message, input }];
  throw new ConfigError(`${source} is invalid:\n${formatIssues(issues)}`, issues);
}
