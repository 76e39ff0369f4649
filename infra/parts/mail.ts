/**
 * Mail that stays welcome: the SES configuration set every email is sent with, whose hard bounces and
 * complaints go (through the default EventBridge bus) to the suppress function, which puts the address
 * on our suppression list; POST /jobs refuses a suppressed address. SES's own account-level suppression
 * is on for the set as well, so a send that slips through (a job accepted before the event arrived)
 * is dropped by SES rather than bounced again.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { suppressConfig } from '../../functions/suppress/config.js';
import { environmentFor } from './environment.js';
import { NodeFunction } from './node-function.js';
import { allowItems } from './permissions.js';

/** The EventBridge detail types SES uses for the events the set publishes. */
export const SUPPRESSING_EVENTS = ['Email Bounced', 'Email Complaint Received'];

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  suppress?: IFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      // SES publishes to the default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  /** The suppress function and the rule that feeds it (needs the suppression table, made in Storage). */
  addSuppression(suppression: ITable, logRetention: RetentionDays): IFunction {
    const suppress = new NodeFunction(this, 'Suppress', {
      name: 'suppress',
      environment: environmentFor('suppress', suppressConfig, { SUPPRESSION_TABLE: suppression.tableName }),
      timeout: Duration.seconds(10),
      logRetention,
    }).function;
    allowItems(suppress, suppression, 'PutItem');
    const deadLetters = new Queue(this, 'SuppressDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the suppression rule target.',
    });
    new Rule(this, 'BouncesAndComplaints', {
      description: 'SES hard bounces and complaints of our configuration set: suppress the address',
      eventPattern: {
        source: ['aws.ses'],
        detailType: SUPPRESSING_EVENTS,
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(suppress, { retryAttempts: 4, deadLetterQueue: deadLetters })],
    });
    this.suppress = suppress;
    return suppress;
  }
}
