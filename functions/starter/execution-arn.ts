/** The ARN Step Functions gives an execution: the state machine ARN with `execution` and the name. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}
