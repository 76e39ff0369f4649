/**
 * The handlers as deployed: the zip functions bundled by the CDK app's own NodeFunction construct (its
 * esbuild options, CDK's esbuild invocation) and validate/extract by docker/media/bundle.mjs, the media
 * image's build step. Built once per source state into node_modules/.cache and reused.
 */
import { App, type CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { bundleMediaHandlers, MEDIA_HANDLERS } from '../docker/media/bundle.mjs';
import { NodeFunction } from '../infra/parts/node-function.js';
import { REPO_ROOT } from '../infra/parts/paths.js';

export const ZIP_FUNCTIONS = ['api', 'starter', 'notify', 'failed'] as const;
export type BundledFunction = (typeof ZIP_FUNCTIONS)[number] | (typeof MEDIA_HANDLERS)[number];

/** Each function's bundle file (ESM, `handler` export). */
export type BundlePaths = Record<BundledFunction, string>;

export const BUNDLE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'audio-sync-bundles');

// What a bundle is made from: sources, locked dependencies and both sets of build options.
const INPUTS = [
  'functions',
  'package-lock.json',
  'tsconfig.json',
  'docker/media/bundle.mjs',
  'infra/parts/node-function.ts',
];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

/** A hash of every input file's path and content: a changed source means a new bundle folder. */
export function sourceHash(root = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(root, input)))) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Synthesizes a stack of the CDK app's NodeFunctions, which runs their bundling into `outdir`. */
function bundleZipFunctions(outdir: string): Record<(typeof ZIP_FUNCTIONS)[number], string> {
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Bundles');
  const functions = ZIP_FUNCTIONS.map((name) => ({
    name,
    construct: new NodeFunction(stack, name, {
      name,
      environment: {},
      timeout: Duration.seconds(30),
      logRetention: RetentionDays.ONE_DAY,
    }),
  }));
  app.synth();
  const paths = {} as Record<(typeof ZIP_FUNCTIONS)[number], string>;
  for (const { name, construct } of functions) {
    const asset: unknown = (construct.function.node.defaultChild as CfnResource).getMetadata(
      'aws:asset:path',
    );
    if (typeof asset !== 'string') throw new Error(`CDK staged no asset for the ${name} function`);
    paths[name] = join(outdir, asset, 'index.mjs');
  }
  return paths;
}

async function buildInto(dir: string): Promise<BundlePaths> {
  const zip = bundleZipFunctions(join(dir, 'cdk.out'));
  await bundleMediaHandlers({ root: REPO_ROOT, outdir: join(dir, 'media'), logLevel: 'warning' });
  const media = Object.fromEntries(
    MEDIA_HANDLERS.map((name) => [name, join(dir, 'media', name, 'handler.mjs')]),
  ) as Record<(typeof MEDIA_HANDLERS)[number], string>;
  return { ...zip, ...media };
}

/** The deployed bundles of the current sources, built when no bundle of them is cached yet. */
export async function deployBundles(): Promise<BundlePaths> {
  const dir = join(BUNDLE_CACHE, sourceHash());
  const manifest = join(dir, 'bundles.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as BundlePaths;
  // Built aside and renamed into place, so a concurrent build never sees half a folder.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    const paths = await buildInto(building);
    const relocated = Object.fromEntries(
      Object.entries(paths).map(([name, path]) => [name, join(dir, relative(building, path))]),
    ) as BundlePaths;
    writeFileSync(join(building, 'bundles.json'), JSON.stringify(relocated, null, 2));
    try {
      renameSync(building, dir);
    } catch (error) {
      if (!existsSync(manifest)) throw error;
    }
    return relocated;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}
