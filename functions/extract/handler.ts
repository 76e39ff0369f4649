/** The Extract task: validates the state machine's payload, extracts the rendition, returns it. */
import { extractInputSchema, type ExtractInput, type Rendition } from '../shared/contract/tasks.js';
import { taskHandler } from '../shared/handler.js';
import { logger } from '../shared/logger.js';
import { withSecretReferences } from '../shared/secrets.js';
import { parseTaskInput } from '../shared/task-input.js';
import { extractConfig } from './config.js';
import { defaultExtractDeps } from './deps.js';
import { createAudioExtractor, type ExtractDeps } from './extract-audio.js';

const contract = {
  schema: extractInputSchema,
  invalid: 'Invalid Extract input',
  jobKeys: ({ jobId, video }: ExtractInput) => ({ jobId, videoId: video.videoId }),
};

/** The payload as an ExtractRequest; a malformed one is a permanent fault naming each bad field. */
export function parseExtractRequest(event: unknown): ExtractInput {
  return parseTaskInput(contract.schema, event, contract.invalid);
}

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createExtractHandler(deps: ExtractDeps | (() => ExtractDeps)) {
  let extract: ReturnType<typeof createAudioExtractor> | undefined;
  return taskHandler(contract, async (request, context): Promise<Rendition> => {
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
    }
  });
}

/**
 * Clients are created on the first invocation, so importing this module needs no environment; secret
 * references (`<NAME>_SECRET_ARN`) are resolved before the configuration is parsed.
 */
export const handler = withSecretReferences(
  extractConfig.variables,
  createExtractHandler(defaultExtractDeps),
);
