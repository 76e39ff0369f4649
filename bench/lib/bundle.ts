/** esbuild bundles, built the way the CDK app's NodejsFunction builds the Lambda code. */
import { build } from 'esbuild';
import { statSync } from 'node:fs';

export interface BundleOptions {
  entry: string;
  outfile: string;
  format: 'esm' | 'cjs';
  minify?: boolean;
  external?: string[];
  target?: string;
  mainFields?: string[];
  /** Replaces the default ESM `require` banner. */
  banner?: string;
}

// An ESM bundle of CommonJS dependencies needs `require`; NodejsFunction adds the same banner.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

/** Bundles `entry` into `outfile`; returns its size in bytes. */
export async function bundle(options: BundleOptions): Promise<number> {
  await build({
    entryPoints: [options.entry],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    target: options.target ?? 'node22',
    format: options.format,
    minify: options.minify ?? true,
    sourcemap: false,
    external: options.external ?? [],
    mainFields: options.mainFields,
    banner: options.format === 'esm' ? { js: options.banner ?? ESM_REQUIRE_BANNER } : undefined,
    logLevel: 'error',
  });
  return statSync(options.outfile).size;
}
