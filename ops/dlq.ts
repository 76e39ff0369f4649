/**
 * `ops dlq`: the jobs dead-letter queue, looked at without consuming it (messages are received, then made
 * visible again); `ops dlq redrive`: each job message sent back to the jobs queue, then deleted from the
 * DLQ; `ops dlq delete <messageId>…`: messages dropped for good (a malformed body no redrive can help).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface DlqDeps {
  sqs: Pick<SQSClient, 'send'>;
  deadLetterQueueUrl: string;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  /** The jobId, when the body is a job request. */
  jobId?: string;
  groupId?: string;
  deduplicationId?: string;
  sentAt?: string;
  receiveCount?: number;
}

/** SQS FIFO drops a message whose deduplication id it saw in the last five minutes. */
export const FIFO_DEDUP_WINDOW_MS = 5 * 60_000;
/** Long enough to page through the queue; the messages are made visible again right after. */
const PEEK_VISIBILITY_SECONDS = 30;
/** A bound on one run, so a queue being refilled while we read cannot keep us here. */
const MAX_MESSAGES = 1000;

function jobIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown };
    return typeof parsed.jobId === 'string' ? parsed.jobId : undefined;
  } catch {
    return undefined;
  }
}

function toDeadLetter(message: Message): DeadLetter {
  const attributes = message.Attributes ?? {};
  const body = message.Body ?? '';
  const jobId = jobIdOf(body);
  return {
    messageId: message.MessageId!,
    body,
    ...(jobId ? { jobId } : {}),
    ...(attributes.MessageGroupId ? { groupId: attributes.MessageGroupId } : {}),
    ...(attributes.MessageDeduplicationId ? { deduplicationId: attributes.MessageDeduplicationId } : {}),
    ...(attributes.SentTimestamp ? { sentAt: new Date(Number(attributes.SentTimestamp)).toISOString() } : {}),
    ...(attributes.ApproximateReceiveCount
      ? { receiveCount: Number(attributes.ApproximateReceiveCount) }
      : {}),
  };
}

/** Receives every message once (each stays invisible meanwhile); the caller must release or delete them. */
async function receiveAll(deps: DlqDeps): Promise<Message[]> {
  const received = new Map<string, Message>();
  while (received.size < MAX_MESSAGES) {
    const { Messages = [] } = await deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deps.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((message) => !received.has(message.MessageId!));
    if (fresh.length === 0) break;
    for (const message of fresh) received.set(message.MessageId!, message);
  }
  return [...received.values()];
}

/** Makes received messages visible again at once, as if never received. */
async function release(deps: DlqDeps, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    await deps.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: deps.deadLetterQueueUrl,
        Entries: messages.slice(start, start + 10).map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle!,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

export async function listDeadLetters(deps: DlqDeps): Promise<DeadLetter[]> {
  const messages = await receiveAll(deps);
  await release(deps, messages);
  return messages.map(toDeadLetter);
}

export interface RedriveDeadLettersDeps extends DlqDeps {
  queueUrl: string;
  now?: () => Date;
}

export interface HeldDeadLetter {
  message: DeadLetter;
  /** When the jobs queue will accept its deduplication id again. */
  retryAfter: string;
}

export interface DlqRedriveResult {
  moved: DeadLetter[];
  /** Sent too recently: the jobs queue would drop the copy as a duplicate, so it stays in the DLQ. */
  held: HeldDeadLetter[];
  /** Not a job request: the starter would fail it again, so it stays for `dlq delete`. */
  skipped: DeadLetter[];
}

/**
 * Sends each message back with its own group and deduplication ids (a repeated or interrupted redrive
 * cannot enqueue a job twice), then deletes it from the DLQ.
 */
export async function redriveDeadLetters(deps: RedriveDeadLettersDeps): Promise<DlqRedriveResult> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const messages = await receiveAll(deps);
  const moved: DeadLetter[] = [];
  const held: HeldDeadLetter[] = [];
  const skipped: DeadLetter[] = [];
  const toRelease: Message[] = [];
  for (const message of messages) {
    const letter = toDeadLetter(message);
    if (!letter.jobId) {
      skipped.push(letter);
      toRelease.push(message);
      continue;
    }
    const sentAt = Number(message.Attributes?.SentTimestamp ?? 0);
    if (letter.deduplicationId && now - sentAt < FIFO_DEDUP_WINDOW_MS) {
      held.push({ message: letter, retryAfter: new Date(sentAt + FIFO_DEDUP_WINDOW_MS).toISOString() });
      toRelease.push(message);
      continue;
    }
    await deps.sqs.send(
      new SendMessageCommand({
        QueueUrl: deps.queueUrl,
        MessageBody: letter.body,
        ...(letter.groupId ? { MessageGroupId: letter.groupId } : {}),
        ...(letter.deduplicationId ? { MessageDeduplicationId: letter.deduplicationId } : {}),
        ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
      }),
    );
    await deps.sqs.send(
      new DeleteMessageCommand({ QueueUrl: deps.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle! }),
    );
    moved.push(letter);
  }
  await release(deps, toRelease);
  return { moved, held, skipped };
}

export interface DlqDeleteResult {
  deleted: DeadLetter[];
  /** Message ids asked for that the queue does not hold. */
  missing: string[];
}

/** Deletes the messages with these ids (as `ops dlq` lists them) and leaves every other one in place. */
export async function deleteDeadLetters(deps: DlqDeps, messageIds: string[]): Promise<DlqDeleteResult> {
  const wanted = new Set(messageIds);
  const messages = await receiveAll(deps);
  const deleted: DeadLetter[] = [];
  const keep: Message[] = [];
  for (const message of messages) {
    if (!wanted.has(message.MessageId!)) {
      keep.push(message);
      continue;
    }
    await deps.sqs.send(
      new DeleteMessageCommand({ QueueUrl: deps.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle! }),
    );
    deleted.push(toDeadLetter(message));
  }
  await release(deps, keep);
  const found = new Set(deleted.map((letter) => letter.messageId));
  return { deleted, missing: messageIds.filter((id) => !found.has(id)) };
}
