/**
 * The YouTube canary: the canary handler from the media image, run by an EventBridge Scheduler schedule
 * through a role that may invoke only this function. Its metric feeds the YouTubeCanaryFailing alarm.
 */
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  type ISchedule,
  type IScheduleTarget,
  Schedule,
  ScheduleExpression,
  type ScheduleTargetConfig,
} from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { CANARY_METRIC, canaryConfig } from '../../functions/canary/config.js';
import { METRICS_NAMESPACE } from '../../functions/shared/metrics.js';
import { secretReferences, type Settings } from '../settings.js';
import { environmentFor, type EnvironmentValues } from './environment.js';
import { MediaFunction } from './media-functions.js';
import { allowReadingSecret } from './permissions.js';

export interface CanaryProps {
  readonly settings: Settings;
  readonly logRetention: RetentionDays;
  /** The values the pipeline's functions get (drivers, clients, tool paths, source limits). */
  readonly values: EnvironmentValues;
}

export class Canary extends Construct {
  readonly function: IFunction;
  readonly schedule: Schedule;
  /** The role EventBridge Scheduler assumes to invoke the canary. */
  readonly schedulerRole: Role;
  /** Hours between runs: the alarm's period follows it. */
  readonly interval: Duration;

  constructor(scope: Construct, id: string, props: CanaryProps) {
    super(scope, id);
    const { settings } = props;
    const secrets = secretReferences(settings);
    const fn = new MediaFunction(this, 'Canary', {
      name: 'canary',
      logRetention: props.logRetention,
      ytdlpVersion: settings.ytdlpVersion,
      environment: {
        ...environmentFor('canary', canaryConfig, props.values, secrets),
        CANARY_VIDEO_URL: settings.canaryVideoUrl,
      },
      // A probe and a few seconds of audio; yt-dlp's fallback may need a minute on a cold start.
      timeout: Duration.minutes(3),
      memorySize: 1024,
    }).function;
    for (const arn of Object.values(secrets)) allowReadingSecret(fn, arn);

    this.schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': fn.env.account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the YouTube canary function, nothing else.',
    });
    this.interval = Duration.hours(settings.canaryIntervalHours);
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Runs the YouTube canary: validate and a short extract of a long-lived public video.',
      schedule: ScheduleExpression.rate(this.interval),
      target: new InvokeOnly(fn, this.schedulerRole),
    });
    this.function = fn;
  }

  /** 1 per failed run, 0 per passed run; no data when the canary did not run at all. */
  metricFailures(period: Duration): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: CANARY_METRIC,
      // The service dimension Powertools adds to every metric (functions/shared/metrics.ts).
      dimensionsMap: { service: 'audio-sync' },
      statistic: 'Maximum',
      period,
    });
  }
}

/**
 * Invokes the function with `lambda:InvokeFunction` on its ARN alone: the library's LambdaInvoke target
 * also grants `<arn>:*` (every version and alias), which cdk-nag flags and the canary does not need.
 */
class InvokeOnly implements IScheduleTarget {
  constructor(
    private readonly fn: IFunction,
    private readonly role: Role,
  ) {}

  bind(_schedule: ISchedule): ScheduleTargetConfig {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
    // No retries: a run that does not publish leaves the period without data, which the alarm counts as failing.
    return { arn: this.fn.functionArn, role: this.role, retryPolicy: { maximumRetryAttempts: 0 } };
  }
}
