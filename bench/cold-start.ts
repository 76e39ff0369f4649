/**
 * Section 5: cold-start proxies of the zip functions. Each handler is bundled as the CDK app bundles it
 * (its own ESBUILD_OPTIONS), then imported in fresh Node processes: bundle size and module init time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESBUILD_OPTIONS } from '../infra/parts/node-function.js';
import { bundle } from './lib/bundle.js';
import { environmentWith } from './lib/environment.js';
import { timeCommand } from './lib/child.js';
import { atMost, figure, median, type Figure } from './lib/report.js';
import { BENCH_DIR } from './lib/sources.js';

const REPO_ROOT = join(import.meta.dirname, '..');
export const ZIP_FUNCTIONS = ['api', 'starter', 'notify', 'failed'] as const;
const MIB = 1024 * 1024;

// Node measures its own import, so process start-up is not counted (Lambda's init phase is the import).
const MEASURE_IMPORT =
  'const started = performance.now(); await import(process.argv[1]); console.log(performance.now() - started);';

/** The deployed variables (dummy values, loopback only) in case a module reads its config at import. */
const FUNCTION_ENV: NodeJS.ProcessEnv = {
  JOBS_TABLE: 'jobs',
  MEDIA_TABLE: 'media',
  IDEMPOTENCY_TABLE: 'idempotency',
  MEDIA_BUCKET: 'media',
  JOBS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/jobs.fifo',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:AudioSync',
  PUBLIC_API_URL: 'http://127.0.0.1:9',
  SENDER_EMAIL: 'noreply@example.com',
  POWERTOOLS_LOG_LEVEL: 'INFO',
};

export async function benchColdStart(options: {
  runs: number;
  log: (line: string) => void;
}): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const name of ZIP_FUNCTIONS) {
    const directory = join(BENCH_DIR, 'build', name);
    mkdirSync(directory, { recursive: true });
    const outfile = join(directory, 'index.mjs');
    const bytes = await bundle({
      entry: join(REPO_ROOT, 'functions', name, 'handler.ts'),
      outfile,
      format: ESBUILD_OPTIONS.format === 'cjs' ? 'cjs' : 'esm',
      minify: ESBUILD_OPTIONS.minify,
      target: ESBUILD_OPTIONS.target,
      external: ESBUILD_OPTIONS.externalModules,
      mainFields: ESBUILD_OPTIONS.mainFields,
      banner: ESBUILD_OPTIONS.banner,
    });
    const times: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const { stdout } = await timeCommand(
        process.execPath,
        ['--no-warnings', '--input-type=module', '-e', MEASURE_IMPORT, outfile],
        { env: environmentWith(FUNCTION_ENV) },
      );
      times.push(Number(stdout.trim().split('\n').at(-1)));
    }
    const initMs = median(times)!;
    options.log(`${name}: ${(bytes / 1024).toFixed(0)} KiB, init ${initMs.toFixed(0)} ms`);
    figures.push(
      figure(
        { section: 5, name: `${name} bundle size (esbuild, minified, ESM)`, unit: 'MiB', ours: bytes / MIB },
        atMost(1),
      ),
    );
    figures.push(
      figure(
        { section: 5, name: `${name} module init (import in a fresh process)`, unit: 'ms', ours: initMs },
        atMost(250),
      ),
    );
  }
  return figures;
}
