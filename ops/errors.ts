/** What `npm run ops` tells apart: a job or execution that does not exist (exit 2) from any other failure (exit 1). */

/** A failure the tool explains in its own words (no error name or stack in front of the message). */
export abstract class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The job, execution or message asked for does not exist. */
export class NotFound extends OpsError {}

/** The target refused the operation for a reason the operator can act on (e.g. not redrivable). */
export class OperationRefused extends OpsError {}

/** The command line is wrong; the usage text follows the message. */
export class UsageError extends OpsError {}

/** Neither a running local stack nor the deployed stack's outputs say what to talk to. */
export class NoTarget extends OpsError {}
