/** The suppress function: SES bounce and complaint events (through EventBridge) put the addresses on our suppression list. */
import type { Context } from 'aws-lambda';
import { documentClient } from '../shared/aws.js';
import { logger } from '../shared/logger.js';
import { addressDigest, SuppressionTable } from '../shared/tables/suppression.js';
import { suppressConfig } from './config.js';
import { suppressionOf } from './ses-event.js';

export interface SuppressDeps {
  suppression: Pick<SuppressionTable, 'suppress'>;
  clock?: () => Date;
}

export function createSuppressHandler(deps: SuppressDeps | (() => SuppressDeps)) {
  let resolved: SuppressDeps | undefined;
  return async (event: unknown, context?: Context): Promise<{ suppressed: number }> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    resolved ??= typeof deps === 'function' ? deps() : deps;
    const { reason, addresses } = suppressionOf(event);
    const now = resolved.clock?.() ?? new Date();
    for (const address of addresses) await resolved.suppression.suppress(addressDigest(address), reason, now);
    // The count and the reason only: never the address.
    logger.info('Addresses suppressed', { reason, count: addresses.length });
    return { suppressed: addresses.length };
  };
}

export const handler = createSuppressHandler(() => {
  const config = suppressConfig.load();
  return { suppression: new SuppressionTable(config.SUPPRESSION_TABLE, documentClient()) };
});
