/**
 * The queue's consumer: the starter function, fed by an event source mapping that reports partial
 * batch failures (one bad message is retried alone) and caps how many starters run at once.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { starterConfig } from '../../functions/starter/config.js';
import { JOBS_QUEUE } from '../../functions/shared/tables/schema.js';
import { environmentFor } from './environment.js';
import type { JobsQueue } from './jobs-queue.js';
import { NodeFunction } from './node-function.js';

export interface StarterProps {
  readonly queue: JobsQueue;
  readonly stateMachine: IStateMachine;
  readonly maxConcurrency: number;
  readonly logRetention: RetentionDays;
}

export class Starter extends Construct {
  readonly function: IFunction;

  constructor(scope: Construct, id: string, props: StarterProps) {
    super(scope, id);
    this.function = new NodeFunction(this, 'Starter', {
      name: 'starter',
      environment: environmentFor('starter', starterConfig, {
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      }),
      // Well inside the queue's visibility timeout, so a slow batch is not delivered twice meanwhile.
      timeout: Duration.seconds(JOBS_QUEUE.visibilityTimeoutSeconds / 6),
      logRetention: props.logRetention,
    }).function;
    props.stateMachine.grantStartExecution(this.function);
    this.function.addEventSource(
      new SqsEventSource(props.queue.queue, {
        batchSize: JOBS_QUEUE.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
  }
}
