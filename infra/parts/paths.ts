/** Paths the CDK app reads, resolved from this file so synth works from any working directory. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STATE_MACHINE_DEFINITION = join(REPO_ROOT, 'statemachine', 'audio-sync.asl.json');
