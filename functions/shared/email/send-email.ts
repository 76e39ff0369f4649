/** Sends one rendered email through SES v2; throttling and SES outages become EmailThrottled (retried by the step). */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { EmailThrottled } from '../errors.js';
import type { EmailContent } from './layout.js';
import type { MailHeader } from './unsubscribe.js';

export interface OutgoingEmail {
  from: string;
  to: string;
  content: EmailContent;
  /** Extra headers (the one-click unsubscribe pair). */
  headers?: MailHeader[];
  /** The SES configuration set that publishes bounces and complaints. */
  configurationSet?: string;
}

const THROTTLING_ERRORS = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
]);

interface SdkErrorShape {
  name?: string;
  $fault?: 'client' | 'server';
  $retryable?: { throttling?: boolean };
}

/** Throttled, or SES itself failing after the SDK's own retries: worth the step's Retry. */
function isTransient(error: unknown): boolean {
  const shape = error as SdkErrorShape;
  return (
    THROTTLING_ERRORS.has(shape.name ?? '') ||
    shape.$retryable?.throttling === true ||
    shape.$fault === 'server'
  );
}

/** Returns the SES message id. */
export async function sendEmail(ses: SESv2Client, email: OutgoingEmail): Promise<string> {
  const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });
  try {
    const result = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        ...(email.configurationSet && { ConfigurationSetName: email.configurationSet }),
        Content: {
          Simple: {
            Subject: utf8(email.content.subject),
            Body: { Html: utf8(email.content.html), Text: utf8(email.content.text) },
            ...(email.headers?.length && { Headers: email.headers }),
          },
        },
      }),
    );
    return result.MessageId ?? '';
  } catch (error) {
    if (isTransient(error)) {
      throw new EmailThrottled(`SES did not accept the email: ${(error as Error).name}`, { cause: error });
    }
    throw error;
  }
}
