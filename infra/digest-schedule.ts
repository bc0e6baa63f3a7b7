import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploySettings } from './deploy-settings';
import { UnqualifiedLambdaInvoke } from './lambda-invoke-target';

/** Hand-over retries: Scheduler retries with back-off when Lambda throttles or is unavailable. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;
/** A digest handed over more than an hour late is no longer the morning's digest. */
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(1);

export interface DigestScheduleProps {
  settings: DeploySettings;
  target: IFunction;
  deadLetterQueue: IQueue;
}

/** The daily trigger: cron in the report's time zone, so 07:00 stays 07:00 across DST. */
export class DigestSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: DigestScheduleProps) {
    super(scope, id);
    const { settings, target, deadLetterQueue } = props;

    this.schedule = new Schedule(this, 'Schedule', {
      description: `backup-digest ${settings.schedule} ${settings.scheduleTimeZone}`,
      schedule: ScheduleExpression.expression(settings.schedule, TimeZone.of(settings.scheduleTimeZone)),
      timeWindow: TimeWindow.off(),
      target: new UnqualifiedLambdaInvoke(target, {
        // The handler anchors the report window on this time, so a late retry reports the same day.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
        deadLetterQueue,
      }),
    });
  }
}
