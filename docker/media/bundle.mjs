// Bundles the handlers the media image serves with esbuild, using the options of the CDK app's
// NodejsFunctions (ESM, minified with names kept, source maps, Node 22), into <outdir>/<name>/handler.mjs.
// The image build runs it as a script (into dist/); the bundled tests import it to build the same code.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/* global process */

/** The functions the image serves, each bundled from functions/<name>/handler.ts. */
export const MEDIA_HANDLERS = ['validate', 'extract', 'canary'];

/** The esbuild options of the image's bundles, without the entry points and the out folder. */
export const MEDIA_BUNDLE_OPTIONS = {
  outbase: 'functions',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  // Class and function names survive minification: error names and stack traces stay readable.
  keepNames: true,
  sourcemap: true,
  // ffmpeg-static is looked up at run time and is not in the image: the tools live in /opt/bin.
  external: ['ffmpeg-static'],
  // Some bundled CommonJS dependencies call require() on Node built-ins, which ESM output lacks.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
};

/** Bundles the media handlers of the repository at `root` into `outdir` (both default to the image build's). */
export async function bundleMediaHandlers({ root = process.cwd(), outdir = 'dist', logLevel = 'info' } = {}) {
  return build({
    ...MEDIA_BUNDLE_OPTIONS,
    absWorkingDir: resolve(root),
    entryPoints: MEDIA_HANDLERS.map((name) => `functions/${name}/handler.ts`),
    outdir: resolve(root, outdir),
    logLevel,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await bundleMediaHandlers();
}
