/** How replays are named: `<jobId>-replay-<n>`, n from 1. */

/** Replays per job before the tool refuses: a loop of replays is a bug to fix, not to repeat. */
export const MAX_REPLAYS = 50;

export function replayName(jobId: string, n: number): string {
  return `${jobId}-replay-${n}`;
}
