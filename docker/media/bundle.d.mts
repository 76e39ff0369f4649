// Types of bundle.mjs for the TypeScript code that imports it (the bundled tests and the local stack).
import type { BuildOptions, BuildResult, LogLevel } from 'esbuild';

export declare const MEDIA_HANDLERS: readonly ('validate' | 'extract' | 'canary')[];
export declare const MEDIA_BUNDLE_OPTIONS: BuildOptions;
export declare function bundleMediaHandlers(options?: {
  root?: string;
  outdir?: string;
  logLevel?: LogLevel;
}): Promise<BuildResult>;
