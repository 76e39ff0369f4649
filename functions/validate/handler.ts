/** The Validate task: checks the execution input, validates the video, returns its summary. */
import { validateInputSchema, type ValidateInput, type VideoSummary } from '../shared/contract/tasks.js';
import { isRejection } from '../shared/errors.js';
import { taskHandler } from '../shared/handler.js';
import { logger } from '../shared/logger.js';
import { withSecretReferences } from '../shared/secrets.js';
import { parseTaskInput } from '../shared/task-input.js';
import { validateConfig } from './config.js';
import { defaultValidateDeps } from './deps.js';
import { validateVideo, type ValidateDeps } from './validate-video.js';

const contract = {
  schema: validateInputSchema,
  invalid: 'Invalid Validate input',
  jobKeys: ({ jobId }: ValidateInput) => ({ jobId }),
};

/** The payload as a JobRequest; a malformed one is a fault naming each bad field, not the user's rejection. */
export function parseJobRequest(event: unknown): ValidateInput {
  return parseTaskInput(contract.schema, event, contract.invalid);
}

/** A handler over the given dependencies (tests and the local stack inject theirs). */
export function createValidateHandler(deps: ValidateDeps | (() => ValidateDeps)) {
  let resolved: ValidateDeps | undefined;
  return taskHandler(contract, async (request): Promise<VideoSummary> => {
    resolved ??= typeof deps === 'function' ? deps() : deps;
    logger.info('Validating the source', { format: request.format });
    try {
      const summary = await validateVideo(request, resolved);
      logger.info('Video accepted', { durationSeconds: summary.durationSeconds, cached: summary.cached });
      return summary;
    } catch (error) {
      // Rejections are outcomes the state machine handles; log them at info, faults at error.
      const name = (error as Error).name;
      if (isRejection(name))
        logger.info('Video rejected', { rejection: name, message: (error as Error).message });
      else logger.error('Validation failed', { error: error as Error });
      throw error;
    }
  });
}

/**
 * Clients are created on the first invocation, so importing this module needs no environment; secret
 * references (`<NAME>_SECRET_ARN`) are resolved before the configuration is parsed.
 */
export const handler = withSecretReferences(
  validateConfig.variables,
  createValidateHandler(defaultValidateDeps),
);
