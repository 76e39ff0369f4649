/** What Notify's paths need: its own module, so deliver/reject and the notifier import it without a cycle. */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailPolicy } from '../shared/email/unsubscribe.js';
import type { JobsTable } from '../shared/tables/jobs.js';
import type { MediaTable } from '../shared/tables/media.js';
import type { JobIdempotency } from './idempotency.js';

export interface NotifyDeps {
  jobs: Pick<JobsTable, 'require' | 'update'>;
  media: Pick<MediaTable, 'get'>;
  ses: SESv2Client;
  senderEmail: string;
  publicApiUrl: string;
  linkTtlHours: number;
  idempotency: JobIdempotency;
  clock?: () => Date;
  /** Unsubscribe headers and the SES configuration set; the deployed wiring always sets it. */
  mail?: MailPolicy;
}
