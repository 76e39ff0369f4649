/** A command line that cannot run: the message names the flag and the rule, and the usage follows it. */
export class UsageError extends Error {
  override name = 'UsageError';
}
