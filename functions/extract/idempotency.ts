/**
 * At most one extraction per rendition (DESIGN.md §4): Powertools idempotency keyed on `video_id#format`.
 * A run already in progress elsewhere surfaces as ExtractionInProgress, which the state machine's Retry
 * waits out; the retry then receives the stored result without extracting again.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { ExtractionInProgress } from '../shared/errors.js';
import type { AudioFormat, Rendition, VideoSummary } from '../shared/types.js';

/** A completed rendition is reused for a day; the S3 object outlives that (lifecycle ≥ 7 days). */
export const RESULT_TTL_SECONDS = 24 * 60 * 60;
/** Stable across function names and stacks, so the key is the rendition and nothing else. */
const KEY_PREFIX = 'extract';

export interface RenditionIdempotency {
  persistenceStore: BasePersistenceLayer;
  expiresAfterSeconds?: number;
}

interface RenditionRequest {
  format: AudioFormat;
  video: Pick<VideoSummary, 'videoId'>;
}

/** The idempotency key's payload: hashed into `extract#<md5>` of `video_id#format`. */
export function renditionKeyPayload(request: RenditionRequest): { rendition: string } {
  return { rendition: `${request.video.videoId}#${request.format}` };
}

/**
 * Wraps `produce` so it runs once per rendition. The Lambda context gives the in-progress record an
 * expiry at the invocation's timeout, so a crashed run does not block its retries until the TTL.
 */
export function onceForRendition<R extends RenditionRequest>(
  options: RenditionIdempotency,
  produce: (request: R) => Promise<Rendition>,
): (request: R, context?: Context) => Promise<Rendition> {
  return async (request, context) => {
    // A config per call: concurrent invocations in one process (the local stack) must not share a context.
    const config = new IdempotencyConfig({
      expiresAfterSeconds: options.expiresAfterSeconds ?? RESULT_TTL_SECONDS,
    });
    if (context) config.registerLambdaContext(context);
    // The request rides along as a second argument; only the first (the key payload) is hashed.
    const run = makeIdempotent((_key: { rendition: string }, body: RenditionRequest) => produce(body as R), {
      persistenceStore: options.persistenceStore,
      config,
      keyPrefix: KEY_PREFIX,
      dataIndexArgument: 0,
    });
    try {
      return await run(renditionKeyPayload(request), request);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ExtractionInProgress(
          `Rendition ${renditionKeyPayload(request).rendition} is being extracted by another execution`,
          { cause: error },
        );
      }
      throw error;
    }
  };
}
