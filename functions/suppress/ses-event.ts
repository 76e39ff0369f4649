/**
 * The SES events our configuration set publishes to EventBridge ("Email Bounced", "Email Complaint
 * Received"; the detail is SES's event record), reduced to the addresses that must not be mailed again.
 */
import * as z from 'zod';
import type { SuppressionReason } from '../shared/tables/suppression.js';

const recipients = z.array(z.object({ emailAddress: z.string().min(3) })).min(1);

const detail = z.discriminatedUnion('eventType', [
  z.object({
    eventType: z.literal('Bounce'),
    bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    complaint: z.object({ complainedRecipients: recipients }),
  }),
]);

const sesEvent = z.object({ source: z.literal('aws.ses'), detail });

export interface Suppression {
  reason: SuppressionReason;
  addresses: string[];
}

/**
 * Who to suppress: every recipient of a permanent bounce or of a complaint. A transient bounce (a full
 * mailbox, a greylisting server) suppresses nobody. Throws on an event that is not an SES event at all.
 */
export function suppressionOf(event: unknown): Suppression {
  const { detail: record } = sesEvent.parse(event);
  if (record.eventType === 'Complaint') {
    return {
      reason: 'COMPLAINT',
      addresses: record.complaint.complainedRecipients.map((r) => r.emailAddress),
    };
  }
  if (record.bounce.bounceType !== 'Permanent') return { reason: 'BOUNCE', addresses: [] };
  return { reason: 'BOUNCE', addresses: record.bounce.bouncedRecipients.map((r) => r.emailAddress) };
}
