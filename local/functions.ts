/**
 * The handlers the CDK app deploys, loaded after the environment is set (their config is parsed
 * once), each wrapped so the stack knows what is in flight, and extract's progress observed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { withFunctionLogger } from '../functions/shared/logger.js';
import type { Context } from 'aws-lambda';
import type { LocalLambdaHandler } from './step-functions/runner/run-state-machine.js';
import { functionArn } from './resources.js';

export interface ExtractProgress {
  jobId: string;
  /** Seconds of audio encoded so far. */
  seconds: number;
}

export type AnyHandler = (event: never, context: Context) => Promise<unknown>;

export type FunctionName = keyof typeof FUNCTION_NAMES;

/** Test-only: wraps a function's handler (fault injection); the deployed handlers never see it. */
export type WrapFunction = (name: FunctionName, handler: AnyHandler) => AnyHandler;

export interface LocalFunctions {
  api: AnyHandler;
  starter: AnyHandler;
  failed: AnyHandler;
  /** By the ARN the state machine's placeholders are filled with. */
  tasks: Record<string, LocalLambdaHandler>;
  placeholders: { ValidateFunctionArn: string; ExtractFunctionArn: string; NotifyFunctionArn: string };
}

export const FUNCTION_NAMES = {
  api: 'audio-sync-api',
  starter: 'audio-sync-starter',
  validate: 'audio-sync-validate',
  extract: 'audio-sync-extract',
  notify: 'audio-sync-notify',
  failed: 'audio-sync-failed',
} as const;

/** Counts invocations in flight, so stop() can wait for them instead of leaving work running. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  wrap<H extends AnyHandler>(handler: H): H {
    return (async (event: never, context: Context) => {
      const invocation = handler(event, context);
      this.pending.add(invocation);
      try {
        return await invocation;
      } finally {
        this.pending.delete(invocation);
      }
    }) as H;
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

/** Each function's `handler` as deployed: its bundle, built (or taken from the cache) for these sources. */
async function bundledHandlers(): Promise<Record<FunctionName, AnyHandler>> {
  // Loaded only here: building bundles needs the CDK and esbuild, which a source run never loads.
  const { deployBundles } = await import('./bundles.js');
  const paths = await deployBundles();
  const names = Object.keys(FUNCTION_NAMES) as FunctionName[];
  const modules = await Promise.all(
    names.map((name) => import(pathToFileURL(paths[name]).href) as Promise<{ handler: AnyHandler }>),
  );
  return Object.fromEntries(names.map((name, index) => [name, modules[index]!.handler])) as Record<
    FunctionName,
    AnyHandler
  >;
}

/** The handlers from the sources, extract's progress observed through its injected dependencies. */
async function sourceHandlers(
  onProgress: (progress: ExtractProgress) => void,
): Promise<Record<FunctionName, AnyHandler>> {
  const [api, starter, validate, extract, extractDeps, notify, failed] = await Promise.all([
    import('../functions/api/handler.js'),
    import('../functions/starter/handler.js'),
    import('../functions/validate/handler.js'),
    import('../functions/extract/handler.js'),
    import('../functions/extract/deps.js'),
    import('../functions/notify/handler.js'),
    import('../functions/failed/handler.js'),
  ]);
  // Which job a progress report belongs to follows the invocation through ffmpeg's callbacks.
  const currentJob = new AsyncLocalStorage<string>();
  const extractHandler = extract.createExtractHandler(() => ({
    ...extractDeps.defaultExtractDeps(),
    onProgress: (seconds: number) => {
      const jobId = currentJob.getStore();
      if (jobId) onProgress({ jobId, seconds });
    },
  }));
  const observedExtract = (event: { jobId?: string }, context: Context) =>
    currentJob.run(String(event?.jobId ?? ''), () => extractHandler(event, context));

  return {
    api: api.handler as AnyHandler,
    starter: starter.handler as AnyHandler,
    validate: validate.handler as AnyHandler,
    extract: observedExtract as AnyHandler,
    notify: notify.handler as AnyHandler,
    failed: failed.handler as AnyHandler,
  };
}

/**
 * `bundled`: the deploy bundles instead of the sources (exactly the code that ships; extract's
 * progress is then not observed, as a deployed bundle offers no hook for it).
 */
export async function loadFunctions(
  inFlight: InFlight,
  onProgress: (progress: ExtractProgress) => void,
  wrapFunction: WrapFunction = (_name, handler) => handler,
  bundled = false,
): Promise<LocalFunctions> {
  const handlers = bundled ? await bundledHandlers() : await sourceHandlers(onProgress);
  const arns = {
    ValidateFunctionArn: functionArn(FUNCTION_NAMES.validate),
    ExtractFunctionArn: functionArn(FUNCTION_NAMES.extract),
    NotifyFunctionArn: functionArn(FUNCTION_NAMES.notify),
  };
  // Each invocation logs as its own function (POWERTOOLS_SERVICE_NAME on AWS), though all share one
  // process; a bundle has a logger of its own, which this leaves alone.
  const local = (name: FunctionName) =>
    inFlight.wrap(
      wrapFunction(name, ((event: never, context: Context) =>
        withFunctionLogger(FUNCTION_NAMES[name], () => handlers[name](event, context))) as AnyHandler),
    );
  return {
    api: local('api'),
    starter: local('starter'),
    failed: local('failed'),
    tasks: {
      [arns.ValidateFunctionArn]: local('validate'),
      [arns.ExtractFunctionArn]: local('extract'),
      [arns.NotifyFunctionArn]: local('notify'),
    },
    placeholders: arns,
  };
}
