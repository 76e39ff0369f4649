/**
 * The naive extraction the streaming design replaces: collect ffmpeg's whole output in memory, then
 * upload it. Bench-only, to show what "memory flat in duration" buys.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { transcode } from '../../functions/shared/ffmpeg/transcode.js';
import type { MediaSource } from '../../functions/shared/media/types.js';
import { FORMATS, renditionKey, type AudioFormat, type VideoSummary } from '../../functions/shared/types.js';

export interface BufferedExtractDeps {
  s3: S3Client;
  bucket: string;
  resolveSource: (url: string) => MediaSource;
  ffmpegPath: string;
}

export async function bufferedExtract(
  request: { url: string; format: AudioFormat; video: VideoSummary },
  deps: BufferedExtractDeps,
): Promise<{ bytes: number }> {
  const input = await deps.resolveSource(request.url).openAudio();
  const running = transcode({
    ffmpegPath: deps.ffmpegPath,
    input,
    format: request.format,
    sourceCodec: request.video.audioCodec,
    title: request.video.title,
    artist: request.video.author,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of running.output) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  // One PutObject would do on S3 (up to 5 GB), but the emulator caps a request body at 11 MiB: lib-storage
  // sends the buffer in slices of it, which copies nothing, so memory is still the whole output.
  await new Upload({
    client: deps.s3,
    params: {
      Bucket: deps.bucket,
      Key: renditionKey(request.video.videoId, request.format),
      Body: body,
      ContentType: FORMATS[request.format].contentType,
    },
  }).done();
  return { bytes: body.length };
}
