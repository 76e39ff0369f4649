/** The ARNs the service builds rather than receives, in the forms AWS gives them. */

/** The state machine's name: the CDK app, the local stack and `ops` agree on it. */
export const STATE_MACHINE_NAME = 'AudioSync';

export function stateMachineArn(region: string, account: string, name = STATE_MACHINE_NAME): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
}

/** The ARN Step Functions gives an execution: the state machine ARN with `execution` and the name. */
export function executionArnFor(stateMachine: string, name: string): string {
  return `${stateMachine.replace(':stateMachine:', ':execution:')}:${name}`;
}

export function lambdaFunctionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

export function sqsQueueArn(region: string, account: string, name: string): string {
  return `arn:aws:sqs:${region}:${account}:${name}`;
}
