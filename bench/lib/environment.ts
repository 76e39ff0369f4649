/**
 * The bench's process environment: the local stack's offline credentials (no metadata lookups, nothing
 * reaches AWS), and silent handler logs.
 */
import { useOfflineCredentials } from '../../local/environment.js';

export function useOfflineEnvironment(): void {
  useOfflineCredentials();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
}

/** This process's environment plus `extra`, for a child process. */
export function environmentWith(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
