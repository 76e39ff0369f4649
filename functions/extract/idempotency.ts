/**
 * At most one extraction per rendition: Powertools idempotency keyed on `video_id#rendition`.
 * A run already in progress elsewhere surfaces as ExtractionInProgress, which the state machine's Retry
 * waits out; the retry then receives the stored result without extracting again, while its object exists.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import { renditionName, type AudioOptions } from '../shared/contract/audio-options.js';
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
  options: AudioOptions;
  video: Pick<VideoSummary, 'videoId'>;
}

/**
 * The idempotency key's payload: hashed into `extract#<md5>` of `video_id#rendition`, the rendition being
 * the format and options (`renditionName`), so jobs that differ only in their email share one extraction.
 */
export function renditionKeyPayload(request: RenditionRequest): { rendition: string } {
  return { rendition: `${request.video.videoId}#${renditionName(request.format, request.options)}` };
}

/**
 * Forgets a stored result whose object is gone, unless another run has replaced it meanwhile (a
 * concurrent extraction's in-progress record must not be deleted under it).
 */
async function forgetStale(
  store: BasePersistenceLayer,
  payload: { rendition: string },
  stale: Rendition,
): Promise<void> {
  let record;
  try {
    record = await store.getRecord(payload);
  } catch (error) {
    if (error instanceof IdempotencyItemNotFoundError) return;
    throw error;
  }
  const current = record.getResponse() as Partial<Rendition> | undefined;
  if (record.getStatus() === IdempotencyRecordStatus.COMPLETED && current?.createdAt === stale.createdAt) {
    await store.deleteRecord(payload);
  }
}

/**
 * Wraps `produce` so it runs once per rendition. The Lambda context gives the in-progress record an
 * expiry at the invocation's timeout, so a crashed run does not block its retries until the TTL. A
 * stored result is reused only while `stillStored` says its object exists (S3 lifecycle, or a local stack
 * restarted with its tables but not its bucket): otherwise it is forgotten and the rendition made again.
 */
export function onceForRendition<R extends RenditionRequest>(
  options: RenditionIdempotency,
  produce: (request: R) => Promise<Rendition>,
  stillStored?: (rendition: Rendition) => Promise<boolean>,
): (request: R, context?: Context) => Promise<Rendition> {
  return async (request, context) => {
    const payload = renditionKeyPayload(request);
    let produced = false;
    const attempt = async () => {
      // A config per call: concurrent invocations in one process (the local stack) must not share a context.
      const config = new IdempotencyConfig({
        expiresAfterSeconds: options.expiresAfterSeconds ?? RESULT_TTL_SECONDS,
      });
      if (context) config.registerLambdaContext(context);
      // The request rides along as a second argument; only the first (the key payload) is hashed.
      const run = makeIdempotent(
        (_key: { rendition: string }, body: RenditionRequest) => {
          produced = true;
          return produce(body as R);
        },
        { persistenceStore: options.persistenceStore, config, keyPrefix: KEY_PREFIX, dataIndexArgument: 0 },
      );
      try {
        return await run(payload, request);
      } catch (error) {
        if (error instanceof IdempotencyAlreadyInProgressError) {
          throw new ExtractionInProgress(
            `Rendition ${payload.rendition} is being extracted by another execution`,
            { cause: error },
          );
        }
        throw error;
      }
    };
    const rendition = await attempt();
    if (produced || !stillStored || (await stillStored(rendition))) return rendition;
    await forgetStale(options.persistenceStore, payload, rendition);
    return attempt();
  };
}
