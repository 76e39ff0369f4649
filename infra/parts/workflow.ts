/**
 * The workflow: the state machine from statemachine/audio-sync.asl.json (the CDK app wires it, it does
 * not re-describe it), and the rule that hands this machine's failed executions to the failure handler.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STATE_MACHINE_DEFINITION } from './paths.js';
import {
  STATUS_CHANGE_DETAIL_TYPE,
  STATUS_CHANGE_SOURCE,
} from '../../functions/shared/contract/status-change.js';
import { FAILURE_STATUSES } from '../../functions/shared/contract/statuses.js';

export interface WorkflowProps {
  readonly validate: IFunction;
  readonly extract: IFunction;
  readonly notify: IFunction;
  readonly failed: IFunction;
  readonly logRetention: RetentionDays;
}

/** The executions the failure handler hears about; a redriven execution that fails again reports again. */
export const FAILED_EXECUTION_STATUSES: string[] = [...FAILURE_STATUSES];

export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  /** Failure events that could not reach, or were not handled by, the failure handler. */
  readonly failureEventDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      // The vended-logs prefix keeps Step Functions' log delivery under CloudWatch's policy size limit.
      logGroupName: `/aws/vendedlogs/states/${this.node.addr}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromFile(STATE_MACHINE_DEFINITION),
      definitionSubstitutions: {
        ValidateFunctionArn: props.validate.functionArn,
        ExtractFunctionArn: props.extract.functionArn,
        NotifyFunctionArn: props.notify.functionArn,
      },
      stateMachineType: StateMachineType.STANDARD,
      // Execution data stays out of the logs: titles and URLs are the users' business.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The ASL invokes unqualified ARNs, so the role names exactly those three functions.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.validate.functionArn, props.extract.functionArn, props.notify.functionArn],
      }),
    );
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace segments and CloudWatch Logs delivery have no resource-level permissions; Step Functions requires `*` for them.',
    });

    this.failureEventDeadLetters = new Queue(this, 'FailureEventDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureEventDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the failure rule target and the failure handler.',
    });
    new Rule(this, 'ExecutionFailed', {
      description:
        'Failed, timed-out and aborted Audio Sync executions: mark the job FAILED and tell the user.',
      eventPattern: {
        source: [STATUS_CHANGE_SOURCE],
        detailType: [STATUS_CHANGE_DETAIL_TYPE],
        detail: { status: FAILED_EXECUTION_STATUSES, stateMachineArn: [this.stateMachine.stateMachineArn] },
      },
      targets: [
        new LambdaFunction(props.failed, {
          deadLetterQueue: this.failureEventDeadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
    // An event the handler itself keeps failing on lands in the same queue, after Lambda's own retries.
    props.failed.configureAsyncInvoke({
      onFailure: new SqsDestination(this.failureEventDeadLetters),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
  }
}
