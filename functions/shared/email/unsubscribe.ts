/** RFC 8058 one-click unsubscribe: the headers that let a mail client unsubscribe with one POST to our route. */
import type { SuppressionTable } from '../tables/suppression.js';

export interface MailHeader {
  Name: string;
  Value: string;
}

export function unsubscribeUrl(publicApiUrl: string, token: string): string {
  return `${publicApiUrl.replace(/\/+$/, '')}/unsubscribe/${token}`;
}

/** `List-Unsubscribe` with our HTTPS URL and `List-Unsubscribe-Post` marking it one-click (RFC 8058 §3.1). */
export function unsubscribeHeaders(url: string): MailHeader[] {
  return [
    { Name: 'List-Unsubscribe', Value: `<${url}>` },
    { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
  ];
}

/** What a sender needs to make every email welcome: the configuration set and an unsubscribe token per email. */
export interface MailPolicy {
  suppression: Pick<SuppressionTable, 'issueToken'>;
  publicApiUrl: string;
  configurationSet?: string;
}

/** The headers and configuration set for one email to `to`. */
export async function mailOptions(
  policy: MailPolicy | undefined,
  to: string,
  now?: Date,
): Promise<{ headers?: MailHeader[]; configurationSet?: string }> {
  if (!policy) return {};
  const token = await policy.suppression.issueToken(to, now);
  return {
    headers: unsubscribeHeaders(unsubscribeUrl(policy.publicApiUrl, token)),
    ...(policy.configurationSet && { configurationSet: policy.configurationSet }),
  };
}
