import { Aws, Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '../lambda/adapters/metrics/run-metrics';

/** How often both alarms look: a daily job needs no finer grain, and a failure is mailed within minutes. */
const ALARM_PERIOD = Duration.minutes(5);

export interface DigestAlarmsProps {
  digestFunction: IFunction;
  deadLetterQueue: IQueue;
  alarmEmails: readonly string[];
  /** Fan-out mode: the run's state machine, whose failed, timed-out and aborted runs alarm too. */
  stateMachine?: IStateMachine | undefined;
  /** The `digest` dimension of the function's metrics (DIGEST_NAME). */
  digestName: string;
  /** Hours without a digest sent before the dead man's switch fires. */
  noDigestAlarmHours: number;
  /** Share of not-checked rows, in percent, at which a digest counts as mostly not checked. */
  notCheckedPercent: number;
  /** Whether the deployment writes the run metrics the no-digest and not-checked alarms read. */
  runMetrics: boolean;
}

/** Where more is written; each alarm's description starts with its own one-line runbook. */
const RUNBOOK = 'More: README, "When an alarm fires".';

/**
 * Tells people when a digest failed or was given up on. Missing data is not breaching: the
 * function is idle most of the day, and an idle queue stops reporting.
 */
export class DigestAlarms extends Construct {
  readonly topic: Topic;
  readonly functionErrors: Alarm;
  readonly deadLetters: Alarm;
  /** Fan-out mode only: runs that failed, timed out or were aborted. */
  readonly runAlarms: Alarm[] = [];
  /** Single mode: the dead man's switch and the not-checked share. */
  readonly noDigestSent: Alarm | undefined;
  readonly mostlyNotChecked: Alarm | undefined;
  private readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: DigestAlarmsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    // Not encrypted: CloudWatch cannot publish to a topic under the AWS managed aws/sns key, a
    // customer managed key would be a billed key and key policy for messages that carry only an
    // alarm name and a metric value. Publishing requires TLS, and only this account's alarms of
    // this stack may publish.
    this.topic = new Topic(this, 'Topic', { displayName: 'backup-digest alarms', enforceSSL: true });
    for (const email of props.alarmEmails) this.topic.addSubscription(new EmailSubscription(email));

    this.functionErrors = this.alarm('FunctionErrors', {
      name: `${stackName}-function-errors`,
      description: `Runbook: read the function's log group for the "no digest" or error line, fix what it names (credentials, CBS, SES), then run the digest again from the console. The backup digest function the schedule invokes failed (a run, or in fan-out mode the start of one, or its retry); a run given up on also lands in the dead-letter queue. ${RUNBOOK}`,
      metric: props.digestFunction.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    });
    this.deadLetters = this.alarm('DeadLetters', {
      name: `${stackName}-dead-letters`,
      description: `Runbook: read the queued message, fix the cause, run the digest for that date from the console, then purge the queue. A scheduled run could not be delivered, failed after its retry, or found an earlier run of the same time still in progress (a crash); this alarm stays in ALARM, and will not notify again, until the queue is empty. ${RUNBOOK}`,
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
    });

    const machine = props.stateMachine;
    if (machine) {
      const period = { period: ALARM_PERIOD, statistic: Stats.SUM };
      const runbook =
        "Runbook: the execution's graph in the Step Functions console shows the step; its log group says why. Start it again from the Start function with the same scheduledTime once the cause is fixed.";
      this.runAlarms.push(
        this.alarm('RunsFailed', {
          name: `${stackName}-runs-failed`,
          description: `${runbook} A backup digest run failed before its digest was sent. ${RUNBOOK}`,
          metric: machine.metricFailed(period),
        }),
        this.alarm('RunsTimedOut', {
          name: `${stackName}-runs-timed-out`,
          description: `${runbook} A backup digest run passed deploy.fanOut.runTimeoutMinutes and was stopped. ${RUNBOOK}`,
          metric: machine.metricTimedOut(period),
        }),
        this.alarm('RunsAborted', {
          name: `${stackName}-runs-aborted`,
          description: `${runbook} A backup digest run was stopped by hand or by a deployment before its digest was sent. ${RUNBOOK}`,
          metric: machine.metricAborted(period),
        }),
      );
    }

    // A dead man's switch: hours with no run completed breach, missing data included, so a schedule
    // that never fires (disabled, deleted, wrong account) or a function that never starts is heard.
    // It watches the run, not the email: a quiet all-clear night (report.sendWhen "attention")
    // sends nothing and still completes its run, so silence by choice never fires it.
    const hours = props.noDigestAlarmHours;
    this.noDigestSent = !props.runMetrics
      ? undefined
      : this.alarm('NoDigestSent', {
          name: `${stackName}-no-digest-sent`,
          description: `Runbook: check that the schedule of ${stackName} is enabled, then the function's recent invocations and log group; run the digest from the console once fixed. No backup digest run completed for ${hours} hours (the schedule's longest gap plus two); a quiet all-clear night that sent no email counts as completed. ${RUNBOOK}`,
          metric: this.digestMetric(props, METRIC.runCompleted, Stats.SUM),
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: hours,
          treatMissingData: TreatMissingData.BREACHING,
        });
    this.mostlyNotChecked = !props.runMetrics
      ? undefined
      : this.alarm('MostlyNotChecked', {
          name: `${stackName}-mostly-not-checked`,
          description: `Runbook: open the latest digest and read its "Could not be checked" reasons (system user role, a proxy or sign-in page, unknown users), fix them and run the digest again. At least ${props.notCheckedPercent}% of a digest's backups could not be checked, so its all-clear means little. ${RUNBOOK}`,
          metric: this.digestMetric(props, METRIC.notCheckedPercent, Stats.MAXIMUM),
          threshold: props.notCheckedPercent,
        });

    // Only this stack's own alarms, by their exact names, may publish: a wildcard such as
    // `alarm:BackupDigest-*` would also admit the alarms of a stack named BackupDigest-eu.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisStacksAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: {
            'aws:SourceArn': this.alarmNames.map(
              (name) => `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${name}`,
            ),
          },
        },
      }),
    );
  }

  /** One of the function's own hourly metrics (EMF, written by lambda/adapters/metrics/run-metrics.ts). */
  private digestMetric(props: DigestAlarmsProps, metricName: string, statistic: string): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service: 'backup-digest', digest: props.digestName },
      statistic,
      period: Duration.hours(1),
    });
  }

  private alarm(
    id: string,
    options: {
      name: string;
      description: string;
      metric: IMetric;
      threshold?: number;
      comparisonOperator?: ComparisonOperator;
      evaluationPeriods?: number;
      treatMissingData?: TreatMissingData;
    },
  ): Alarm {
    const evaluationPeriods = options.evaluationPeriods ?? 1;
    const alarm = new Alarm(this, id, {
      alarmName: options.name,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold ?? 1,
      comparisonOperator: options.comparisonOperator ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarmNames.push(options.name);
    return alarm;
  }
}
