import { parseJobId } from '../adapters/cbs/cbs-time';
import { expectOverrides } from '../config/expect-schema';
import type { Config } from '../config/schema';
import type { DigestSettings } from '../core/digest-settings';

/**
 * The core's settings from a validated config: the parts a run uses, with the ids of pinned jobs
 * read as the instants they name (a CBS wire format, so read by the CBS adapter, here at the edge).
 */
export function digestSettings(config: Config): DigestSettings {
  const { cbs, report, mail, watch, expect, history } = config;
  return {
    report,
    cbs: {
      timeZone: cbs.timeZone,
      concurrency: cbs.concurrency,
      credentialsParameter: cbs.credentialsParameter,
    },
    mail: {
      ...mail,
      audiences: mail.audiences.map((audience) => ({
        name: audience.name,
        to: audience.to,
        replyTo: audience.replyTo,
        title: audience.title ?? `${report.title} for ${audience.name}`,
        sendWhen: audience.sendWhen ?? report.sendWhen,
        select: audience.select,
      })),
    },
    watch: {
      ...watch,
      jobs: watch.jobs.map((job) => ({ ...job, idStart: parseJobId(job.jobId, cbs.timeZone) })),
    },
    expect: expectOverrides(expect),
    history: { backfillDays: history.backfillDays },
  };
}
