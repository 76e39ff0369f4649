/** The Extract task: validates the state machine's payload, extracts the rendition, returns it. */
import type { Context } from 'aws-lambda';
import { appendJobKeys, logger } from '../shared/logger.js';
import { flushMetrics } from '../shared/metrics.js';
import { extractInputSchema, type Rendition } from '../shared/contract/tasks.js';
import { defaultExtractDeps } from './deps.js';
import { createAudioExtractor, type ExtractDeps, type ExtractRequest } from './extract-audio.js';
import { extractConfig } from './config.js';
import { withSecretReferences } from '../shared/secrets.js';
import { parseTaskInput } from '../shared/task-input.js';

/** The payload as an ExtractRequest; a malformed one is a permanent fault naming each bad field. */
export function parseExtractRequest(event: unknown): ExtractRequest {
  return parseTaskInput(extractInputSchema, event, 'Invalid Extract input');
}

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createExtractHandler(deps: ExtractDeps | (() => ExtractDeps)) {
  let extract: ReturnType<typeof createAudioExtractor> | undefined;
  return async (event: unknown, context?: Context): Promise<Rendition> => {
    const request = parseExtractRequest(event);
    if (context) logger.addContext(context);
    appendJobKeys({ jobId: request.jobId, videoId: request.video.videoId });
    extract ??= createAudioExtractor(typeof deps === 'function' ? deps() : deps);
    logger.info('Extracting audio', {
      format: request.format,
      durationSeconds: request.video.durationSeconds,
    });
    try {
      const rendition = await extract(request, context);
      logger.info('Rendition ready', { s3Key: rendition.s3Key, bytes: rendition.bytes });
      return rendition;
    } catch (error) {
      logger.error('Extraction failed', { error: error as Error });
      throw error;
    } finally {
      flushMetrics();
    }
  };
}

/**
 * Clients are created on the first invocation, so importing this module needs no environment; secret
 * references (`<NAME>_SECRET_ARN`) are resolved before the configuration is parsed.
 */
export const handler = withSecretReferences(
  extractConfig.variables,
  createExtractHandler(defaultExtractDeps),
);
