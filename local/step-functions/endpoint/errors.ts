/**
 * Step Functions API errors as AWS sends them: HTTP 400 and `{"__type": "<namespace>#<Code>", "message"}`.
 * The SDKs and the CLI drop the namespace and map the code to an exception class.
 */
const SERVICE = 'com.amazonaws.swf.service.v2.model';
const VALIDATE = 'com.amazon.coral.validate';

export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly namespace = SERVICE,
  ) {
    super(message);
    this.name = type;
  }

  /** The wire body, e.g. `{"__type": "com.amazonaws.swf.service.v2.model#InvalidArn", "message": ...}`. */
  toBody(): { __type: string; message: string } {
    return { __type: `${this.namespace}#${this.type}`, message: this.message };
  }
}

/** A model constraint broken (Coral's validation layer, before the service looks at the request). */
export function validationError(violations: readonly string[]): StepFunctionsError {
  const noun = violations.length === 1 ? 'error' : 'errors';
  return new StepFunctionsError(
    'ValidationException',
    `${violations.length} validation ${noun} detected: ${violations.join('; ')}`,
    VALIDATE,
  );
}

export const invalidArn = (reason: string) =>
  new StepFunctionsError('InvalidArn', `Invalid Arn: '${reason}'`);

export const invalidToken = (reason: string) =>
  new StepFunctionsError('InvalidToken', `Invalid Token: '${reason}'`);

export const invalidName = (name: string) => new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);

export const executionDoesNotExist = (executionArn: string) =>
  new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);

export const stateMachineDoesNotExist = (stateMachineArn: string) =>
  new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
