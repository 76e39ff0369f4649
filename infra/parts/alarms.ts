/**
 * What an operator is woken for: failed executions (each one is a job to redrive), messages in a
 * dead-letter queue, extract errors or throttles, and a failing YouTube canary. All alarms notify one SNS topic.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly stateMachine: IStateMachine;
  readonly jobsDeadLetterQueue: IQueue;
  readonly failureEventDeadLetters: IQueue;
  readonly extract: IFunction;
  /** The canary's failures (1 per failed run) at the period the canary runs in. */
  readonly canaryFailures: IMetric;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);

export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Audio Sync alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry no user data, and CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const { stateMachine } = props;
    this.alarm('ExecutionsFailed', 'Executions failed, timed out or were aborted: redrive them.', {
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: stateMachine.metricFailed({ period: PERIOD }),
          timedOut: stateMachine.metricTimedOut({ period: PERIOD }),
          aborted: stateMachine.metricAborted({ period: PERIOD }),
        },
        period: PERIOD,
      }),
    });
    this.alarm('JobsDeadLetters', 'Jobs could not be started and are in the dead-letter queue.', {
      metric: props.jobsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
    });
    this.alarm('FailureEventDeadLetters', 'Failure events were not handled: users were not told.', {
      metric: props.failureEventDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
    });
    this.alarm('ExtractErrors', 'Extract invocations failed.', {
      metric: props.extract.metricErrors({ period: PERIOD }),
    });
    this.alarm('ExtractThrottles', 'Extract was throttled: its reserved concurrency is exhausted.', {
      metric: props.extract.metricThrottles({ period: PERIOD }),
    });

    // Missing data breaches: a canary that did not run or crashed before publishing proves nothing works.
    new Alarm(this, 'YouTubeCanaryFailing', {
      alarmDescription:
        'The YouTube canary failed: its log line names the step and the error (README, Operations).',
      metric: props.canaryFailures,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.BREACHING,
    }).addAlarmAction(new SnsAction(this.topic));
  }

  /** An alarm on any non-zero value in one period. */
  private alarm(id: string, description: string, { metric }: { metric: IMetric }): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }
}
