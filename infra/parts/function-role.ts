/**
 * What every Lambda function here shares: its own log group with a retention, and its own role that
 * can write only to that log group (instead of the AWS-managed basic execution policy's `Resource: *`).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FunctionRoleProps {
  readonly logRetention: RetentionDays;
}

/** A role and a log group for one function, created before the function so it can name both. */
export class FunctionRole extends Construct {
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FunctionRoleProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
  }
}
