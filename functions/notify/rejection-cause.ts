/**
 * Reads the `{Error, Cause}` a Catch put on the rejected path. Cause is usually Lambda's JSON error
 * document (`{"errorType","errorMessage","trace"}`), but a local runner or a hand-made redrive input
 * may carry a bare message or nothing: anything unreadable yields no message, never a failure.
 */

import type { CaughtError } from '../shared/contract/tasks.js';

export type { CaughtError };

export interface RejectionCause {
  /** The error class name, e.g. `VideoTooLong`. */
  name: string;
  message?: string;
}

/** Long enough for any message validate writes; bounds what a strange Cause can put in an email. */
const MAX_MESSAGE_LENGTH = 500;

function messageFromCause(cause: string): string | undefined {
  try {
    const document: unknown = JSON.parse(cause);
    if (document && typeof document === 'object' && 'errorMessage' in document) {
      const { errorMessage } = document as { errorMessage: unknown };
      return typeof errorMessage === 'string' ? errorMessage : undefined;
    }
    return typeof document === 'string' ? document : undefined;
  } catch {
    return cause;
  }
}

export function parseRejectionCause(caught: CaughtError): RejectionCause {
  const message = caught.Cause ? messageFromCause(caught.Cause)?.trim() : undefined;
  return {
    name: caught.Error,
    ...(message ? { message: message.slice(0, MAX_MESSAGE_LENGTH) } : {}),
  };
}
