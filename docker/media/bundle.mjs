// Bundles the handlers the media image serves with esbuild, using the options of the CDK app's
// NodejsFunctions (ESM, minified, source maps, Node 22), into dist/<name>/handler.mjs.
import { build } from 'esbuild';

await build({
  entryPoints: ['functions/validate/handler.ts', 'functions/extract/handler.ts'],
  outbase: 'functions',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  // ffmpeg-static is looked up at run time and is not in the image: the tools live in /opt/bin.
  external: ['ffmpeg-static'],
  // Some bundled CommonJS dependencies call require() on Node built-ins, which ESM output lacks.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'info',
});
