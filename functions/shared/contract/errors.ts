/**
 * The error names the state machine's Retry and Catch match. A name is a contract with the ASL and the
 * operators' tools: never rename one. The classes that carry them live in functions/shared/errors.ts.
 */

/** `transient`: the step's own Retry tries again. `rejection`: Validate's Catch turns it into NotifyRejected. */
export interface ErrorKind {
  readonly transient: boolean;
  readonly rejection: boolean;
}

const rejection = { transient: false, rejection: true } as const;
const transient = { transient: true, rejection: false } as const;
const permanent = { transient: false, rejection: false } as const;

export const ERROR_REGISTRY = {
  // Business rejections: outcomes, not faults.
  VideoTooLong: rejection,
  VideoUnavailable: rejection,
  VideoIsLive: rejection,
  SourceBlocked: rejection,
  InvalidSource: rejection,
  TrimOutOfRange: rejection,
  // Transient faults: each step retries them on its own, then the execution fails at that step.
  SourceUnreachable: transient,
  ExtractionInProgress: transient,
  NotificationInProgress: transient,
  StorageUnavailable: transient,
  TableThrottled: transient,
  EmailThrottled: transient,
  // Permanent faults: not retried; the execution fails at its own state for an operator to redrive.
  ExtractionFailed: permanent,
  JobNotFound: permanent,
  InvalidTaskInput: permanent,
  /** No YouTube driver or client can download any more: update yt-dlp / change the client order. */
  ExtractorOutdated: permanent,
  ToolMissing: permanent,
  ConfigError: permanent,
} as const satisfies Record<string, ErrorKind>;

export type ErrorName = keyof typeof ERROR_REGISTRY;
export const ERROR_NAMES = Object.keys(ERROR_REGISTRY) as ErrorName[];

export const REJECTION_ERRORS = [
  'VideoTooLong',
  'VideoUnavailable',
  'VideoIsLive',
  'SourceBlocked',
  'InvalidSource',
  'TrimOutOfRange',
] as const satisfies readonly ErrorName[];
export type RejectionError = (typeof REJECTION_ERRORS)[number];

export function isErrorName(name: string): name is ErrorName {
  return Object.hasOwn(ERROR_REGISTRY, name);
}

export function isRejection(name: string): name is RejectionError {
  return isErrorName(name) && ERROR_REGISTRY[name].rejection;
}

export function isTransient(name: string): boolean {
  return isErrorName(name) && ERROR_REGISTRY[name].transient;
}
