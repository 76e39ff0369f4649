/** The media table: one item per source video, and the cache of its extracted renditions. */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { MediaInfo, Rendition } from '../types.js';

export interface StoredRendition {
  s3_key: string;
  bytes: number;
  content_type: string;
  created_at: string;
}

export interface MediaItem {
  video_id: string;
  title: string;
  author: string;
  duration_s: number;
  source_url: string;
  thumbnail_url?: string;
  audio_codec?: string;
  updated_at: string;
  /** Keyed by rendition name (`renditionName`: the format alone for the default options). */
  renditions: Partial<Record<string, StoredRendition>>;
}

export function toRendition(stored: StoredRendition): Rendition {
  return {
    s3Key: stored.s3_key,
    bytes: stored.bytes,
    contentType: stored.content_type,
    createdAt: stored.created_at,
  };
}

export class MediaTable {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBDocumentClient,
  ) {}

  async get(videoId: string): Promise<MediaItem | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { video_id: videoId }, ConsistentRead: true }),
    );
    return result.Item as MediaItem | undefined;
  }

  /** Writes what the source said about the video, keeping any renditions already recorded. */
  async upsertInfo(info: MediaInfo, sourceUrl: string, now = new Date()): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { video_id: info.id },
        UpdateExpression:
          'SET title = :title, author = :author, duration_s = :duration, source_url = :url, ' +
          'thumbnail_url = :thumb, audio_codec = :codec, updated_at = :now, ' +
          'renditions = if_not_exists(renditions, :empty)',
        ExpressionAttributeValues: {
          ':title': info.title,
          ':author': info.author,
          ':duration': info.durationSeconds,
          ':url': sourceUrl,
          ':thumb': info.thumbnailUrl ?? null,
          ':codec': info.audioCodec ?? null,
          ':now': now.toISOString(),
          ':empty': {},
        },
      }),
    );
  }

  /** Records a finished rendition; called only after its upload completed. */
  async recordRendition(videoId: string, name: string, rendition: Rendition): Promise<void> {
    const stored: StoredRendition = {
      s3_key: rendition.s3Key,
      bytes: rendition.bytes,
      content_type: rendition.contentType,
      created_at: rendition.createdAt,
    };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { video_id: videoId },
          UpdateExpression: 'SET renditions.#format = :rendition',
          ConditionExpression: 'attribute_exists(renditions)',
          ExpressionAttributeNames: { '#format': name },
          ExpressionAttributeValues: { ':rendition': stored },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // No item yet (extraction ran without a validate that stored the info): create the map.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { video_id: videoId },
          UpdateExpression: 'SET renditions = :renditions',
          ExpressionAttributeValues: { ':renditions': { [name]: stored } },
        }),
      );
    }
  }

  /** Forgets a rendition whose object is gone (expired by the bucket's lifecycle rule). */
  async forgetRendition(videoId: string, name: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { video_id: videoId },
        UpdateExpression: 'REMOVE renditions.#format',
        ExpressionAttributeNames: { '#format': name },
      }),
    );
  }
}
