/** How many mp3 encoders a long extraction runs: one per vCPU the function really gets. */

/** Lambda gives one vCPU per 1,769 MB of memory, whatever the host's core count says. */
export const LAMBDA_MB_PER_VCPU = 1769;

/**
 * The cores Node sees, capped by the vCPUs Lambda's memory buys (at least one); off Lambda (no memory
 * size) the cores alone. A 2,048 MB function sees 2 cores but gets about 1.16 vCPU: one encoder.
 */
export function encoderWorkers(cores: number, lambdaMemoryMb?: number): number {
  if (lambdaMemoryMb === undefined) return Math.max(1, cores);
  return Math.max(1, Math.min(cores, Math.floor(lambdaMemoryMb / LAMBDA_MB_PER_VCPU)));
}
