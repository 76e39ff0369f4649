import {
  LimitExceededException,
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { sendEmail } from '../../../functions/shared/email/send-email.js';

const EMAIL = {
  from: 'no-reply@audiosync.example',
  to: 'jane@example.com',
  content: { subject: 'Subject', html: '<p>Hi</p>', text: 'Hi\n' },
};

function sesFailingWith(error: Error) {
  const ses = new SESv2Client({ region: 'us-east-1' });
  mockClient(ses).on(SendEmailCommand).rejects(error);
  return ses;
}

describe('sendEmail', () => {
  it('sends a simple UTF-8 message with HTML and text bodies and answers its id', async () => {
    const ses = new SESv2Client({ region: 'us-east-1' });
    const mock = mockClient(ses);
    mock.on(SendEmailCommand).resolves({ MessageId: 'message-1' });

    await expect(sendEmail(ses, EMAIL)).resolves.toBe('message-1');
    expect(mock.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: EMAIL.from,
      Destination: { ToAddresses: [EMAIL.to] },
      Content: {
        Simple: {
          Subject: { Data: 'Subject', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' }, Text: { Data: 'Hi\n', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it.each([
    ['TooManyRequestsException', new TooManyRequestsException({ message: 'rate', $metadata: {} })],
    ['LimitExceededException', new LimitExceededException({ message: 'limit', $metadata: {} })],
    ['ThrottlingException', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['a server fault', Object.assign(new Error('internal'), { name: 'InternalFailure', $fault: 'server' })],
  ])('turns %s into EmailThrottled, keeping the SES error as its cause', async (_label, error) => {
    const failure = sendEmail(sesFailingWith(error), EMAIL);

    await expect(failure).rejects.toMatchObject({ name: 'EmailThrottled', cause: error });
  });

  it('lets a permanent refusal through unchanged', async () => {
    const refusal = new MessageRejected({ message: 'Email address is not verified.', $metadata: {} });

    await expect(sendEmail(sesFailingWith(refusal), EMAIL)).rejects.toBe(refusal);
  });
});
