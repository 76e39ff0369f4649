/** The environment the suppress function reads. */
import { defineConfig, pickFields } from '../shared/config.js';

export const suppressConfig = defineConfig(pickFields('SUPPRESSION_TABLE'));
