/** The Powertools logger every function uses: JSON lines, jobId/videoId appended per invocation, emails masked. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

const EMAIL_PATTERN = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** `jane.doe@example.com` → `j***@example.com`: enough to recognise a domain, never the address. */
export function maskEmail(text: string): string {
  return text.replace(EMAIL_PATTERN, '$1***@$2');
}

// The service name is POWERTOOLS_SERVICE_NAME, which the CDK app sets per function (audio-sync-<name>).
const root = new Logger({
  // A safety net under the rule "never log an email": every string value is scrubbed before it is written.
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? maskEmail(value) : value),
});

const scoped = new AsyncLocalStorage<Logger>();

/**
 * The logger of the invocation running now: its own child inside `withFunctionLogger`, else the root.
 * Every module logs through this one export, so scoping an invocation scopes all of its lines.
 */
export const logger: Logger = new Proxy(root, {
  get(target, property) {
    const active = scoped.getStore() ?? target;
    const value: unknown = Reflect.get(active, property, active);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(active) : value;
  },
});

/**
 * Runs one invocation with a logger of its own, named after its function. The local stack runs every
 * function in one process: without this, one handler's Lambda context and keys would tag another's lines.
 */
export function withFunctionLogger<T>(serviceName: string, run: () => T): T {
  return scoped.run(root.createChild({ serviceName }), run);
}

/** Adds the job and video ids to every following log line of this invocation. */
export function appendJobKeys(keys: { jobId?: string; videoId?: string }): void {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
  logger.appendKeys(defined);
}
