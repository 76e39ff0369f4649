/** A Step Functions API error: its `__type` is the name the SDK maps to an exception class. */
export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}
