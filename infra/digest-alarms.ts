import { Aws, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** How often both alarms look: a daily job needs no finer grain, and a failure is mailed within minutes. */
const ALARM_PERIOD = Duration.minutes(5);

export interface DigestAlarmsProps {
  digestFunction: IFunction;
  deadLetterQueue: IQueue;
  alarmEmails: readonly string[];
  /** Fan-out mode: the run's state machine, whose failed, timed-out and aborted runs alarm too. */
  stateMachine?: IStateMachine | undefined;
}

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

  constructor(scope: Construct, id: string, props: DigestAlarmsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    // Not encrypted: CloudWatch cannot publish to a topic under the AWS managed aws/sns key, a
    // customer managed key would be a billed key and key policy for messages that carry only an
    // alarm name and a metric value. Publishing requires TLS, and only this account's alarms of
    // this stack may publish.
    this.topic = new Topic(this, 'Topic', { displayName: 'backup-digest alarms', enforceSSL: true });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisStacksAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${stackName}-*`,
          },
        },
      }),
    );
    for (const email of props.alarmEmails) this.topic.addSubscription(new EmailSubscription(email));

    this.functionErrors = this.alarm('FunctionErrors', {
      name: `${stackName}-function-errors`,
      description:
        'The backup digest function the schedule invokes failed (a run, or in fan-out mode the start of one, or its retry). Its log group says why; a run given up on also lands in the dead-letter queue.',
      metric: props.digestFunction.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }),
    });
    this.deadLetters = this.alarm('DeadLetters', {
      name: `${stackName}-dead-letters`,
      description:
        'A backup digest was not sent: a scheduled run could not be delivered or failed after its retry. Read the message, fix the cause, run it again from the console, then purge the queue; this alarm stays in ALARM, and will not notify again, until the queue is empty.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
    });

    const machine = props.stateMachine;
    if (machine) {
      const period = { period: ALARM_PERIOD, statistic: Stats.SUM };
      const runbook =
        "The execution's graph in the Step Functions console shows the step; its log group says why. Start it again from the Start function with the same scheduledTime once the cause is fixed.";
      this.runAlarms.push(
        this.alarm('RunsFailed', {
          name: `${stackName}-runs-failed`,
          description: `A backup digest run failed before its digest was sent. ${runbook}`,
          metric: machine.metricFailed(period),
        }),
        this.alarm('RunsTimedOut', {
          name: `${stackName}-runs-timed-out`,
          description: `A backup digest run passed deploy.fanOut.runTimeoutMinutes and was stopped. ${runbook}`,
          metric: machine.metricTimedOut(period),
        }),
        this.alarm('RunsAborted', {
          name: `${stackName}-runs-aborted`,
          description: `A backup digest run was stopped by hand or by a deployment before its digest was sent. ${runbook}`,
          metric: machine.metricAborted(period),
        }),
      );
    }
  }

  private alarm(id: string, options: { name: string; description: string; metric: IMetric }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: options.name,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
