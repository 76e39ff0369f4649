/** The environment the starter function reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const starterConfig = defineConfig(pickFields('STATE_MACHINE_ARN'));
