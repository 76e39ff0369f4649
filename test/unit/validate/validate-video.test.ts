import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { validateVideo } from '../../../functions/validate/validate-video.js';
import { VideoUnavailable } from '../../../functions/shared/errors.js';
import {
  BUCKET,
  fakeSource,
  JOBS_TABLE,
  MEDIA_TABLE,
  MP3_RENDITION,
  REQUEST,
  VIDEO,
  validateWorld,
} from './validate-fixture.js';

describe('validateVideo', () => {
  it('rejects a 31-minute video without touching S3 or extracting it', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 31 * 60 }) });

    const failure = validateVideo(REQUEST, world.deps);

    await expect(failure).rejects.toMatchObject({
      name: 'VideoTooLong',
      message: 'The video is 31 minutes long; the limit is 30 minutes.',
    });
    expect(world.s3Mock.calls()).toHaveLength(0);
    expect(world.source.openAudio).not.toHaveBeenCalled();
    expect(world.updates(MEDIA_TABLE)).toHaveLength(0);
  });

  it('states a limit that is not a whole number of minutes exactly', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 2701 }), maxDurationSeconds: 2700 });

    await expect(validateVideo(REQUEST, world.deps)).rejects.toThrow(
      'The video is 45 minutes 1 second long; the limit is 45 minutes.',
    );
  });

  it('accepts a video exactly as long as the limit', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 1800 }) });

    await expect(validateVideo(REQUEST, world.deps)).resolves.toMatchObject({ durationSeconds: 1800 });
  });

  it('rejects a live stream with VideoIsLive', async () => {
    const world = validateWorld({ source: fakeSource({ isLive: true, durationSeconds: 0 }) });

    await expect(validateVideo(REQUEST, world.deps)).rejects.toMatchObject({ name: 'VideoIsLive' });
    expect(world.s3Mock.calls()).toHaveLength(0);
  });

  it("lets the probe's own rejection through by name", async () => {
    const world = validateWorld({
      source: fakeSource({}, new VideoUnavailable('This video is private')),
    });

    await expect(validateVideo(REQUEST, world.deps)).rejects.toMatchObject({ name: 'VideoUnavailable' });
    expect(world.updates(JOBS_TABLE)).toHaveLength(1);
    expect(world.updates(JOBS_TABLE)[0]!.ExpressionAttributeValues).toMatchObject({
      ':status': 'VALIDATING',
    });
  });

  it('answers the summary of an acceptable video, not cached when no rendition is recorded', async () => {
    const world = validateWorld();

    const summary = await validateVideo(REQUEST, world.deps);

    expect(summary).toEqual({
      videoId: VIDEO.id,
      title: VIDEO.title,
      author: VIDEO.author,
      durationSeconds: VIDEO.durationSeconds,
      thumbnailUrl: VIDEO.thumbnailUrl,
      audioCodec: 'opus',
      cached: false,
    });
    expect(world.s3Mock.calls()).toHaveLength(0);
  });

  it("hands the source's chapters on to Extract in the summary", async () => {
    const chapters = [
      { startSeconds: 0, title: 'Intro' },
      { startSeconds: 60, title: 'Chorus' },
    ];
    const world = validateWorld({ source: fakeSource({ chapters }) });

    await expect(validateVideo(REQUEST, world.deps)).resolves.toMatchObject({ chapters });
  });

  it('hands the demuxer a direct source was probed with on to Extract, which does not probe again', async () => {
    const world = validateWorld({ source: fakeSource({ inputFormat: 'mov', audioCodec: 'aac' }) });

    await expect(validateVideo(REQUEST, world.deps)).resolves.toMatchObject({ inputFormat: 'mov' });
  });

  it('sets the job VALIDATING before probing, then records the video on it', async () => {
    const world = validateWorld();

    await validateVideo(REQUEST, world.deps);

    const [first, second] = world.updates(JOBS_TABLE);
    expect(first).toMatchObject({ Key: { job_id: 'job-1' } });
    expect(first!.ExpressionAttributeValues).toEqual({
      ':status': 'VALIDATING',
      ':updated_at': '2030-05-01T12:00:00.000Z',
    });
    expect(second!.ExpressionAttributeValues).toMatchObject({
      ':status': 'VALIDATING',
      ':video_id': VIDEO.id,
      ':video': { id: VIDEO.id, title: VIDEO.title, author: VIDEO.author, durationSeconds: 212 },
    });
  });

  it('stores what the source said in the media item, under its normalised URL', async () => {
    const world = validateWorld();

    await validateVideo(REQUEST, world.deps);

    const [upsert] = world.updates(MEDIA_TABLE);
    expect(upsert).toMatchObject({ Key: { video_id: VIDEO.id } });
    expect(upsert!.ExpressionAttributeValues).toMatchObject({
      ':title': VIDEO.title,
      ':url': `https://www.youtube.com/watch?v=${VIDEO.id}`,
    });
  });

  it('answers cached when the rendition is recorded and its object is still in S3', async () => {
    const world = validateWorld({ renditions: { mp3: MP3_RENDITION }, objectExists: true });

    const summary = await validateVideo(REQUEST, world.deps);

    expect(summary.cached).toBe(true);
    expect(world.s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: MP3_RENDITION.s3_key,
    });
  });

  it('answers not cached and forgets the rendition when its object has expired from S3', async () => {
    const world = validateWorld({ renditions: { mp3: MP3_RENDITION }, objectExists: false });

    const summary = await validateVideo(REQUEST, world.deps);

    expect(summary.cached).toBe(false);
    const forget = world.updates(MEDIA_TABLE).find((update) => update.UpdateExpression?.startsWith('REMOVE'));
    expect(forget).toMatchObject({
      Key: { video_id: VIDEO.id },
      ExpressionAttributeNames: { '#format': 'mp3' },
    });
  });

  it('answers not cached when only another format is recorded', async () => {
    const world = validateWorld({ renditions: { mp3: MP3_RENDITION } });

    const summary = await validateVideo({ ...REQUEST, format: 'opus' }, world.deps);

    expect(summary.cached).toBe(false);
    expect(world.s3Mock.calls()).toHaveLength(0);
  });

  it('answers not cached when the same format is recorded with other options', async () => {
    const world = validateWorld({ renditions: { mp3: MP3_RENDITION }, objectExists: true });

    const summary = await validateVideo(
      { ...REQUEST, options: { quality: 'V0', coverArt: true } },
      world.deps,
    );

    expect(summary.cached).toBe(false);
    expect(world.s3Mock.calls()).toHaveLength(0);
  });

  it('answers cached for a trimmed rendition recorded under its own name', async () => {
    const options = { startSeconds: 10, endSeconds: 70, coverArt: false };
    const world = validateWorld({
      renditions: { 'mp3-from10-to70-nocover': MP3_RENDITION },
      objectExists: true,
    });

    await expect(validateVideo({ ...REQUEST, options }, world.deps)).resolves.toMatchObject({ cached: true });
  });
});

describe('validateVideo with a trim', () => {
  const trimmed = (startSeconds: number | undefined, endSeconds?: number) => ({
    ...REQUEST,
    options: {
      coverArt: true,
      ...(startSeconds !== undefined ? { startSeconds } : {}),
      ...(endSeconds !== undefined ? { endSeconds } : {}),
    },
  });

  it('holds the limit to the part kept: ten minutes of a 45-minute video pass', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 2700 }) });

    await expect(validateVideo(trimmed(600, 1200), world.deps)).resolves.toMatchObject({
      durationSeconds: 2700,
    });
  });

  it('rejects a part longer than the limit with its own length in the reason', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 3600 }) });

    await expect(validateVideo(trimmed(60), world.deps)).rejects.toMatchObject({
      name: 'VideoTooLong',
      message: 'The part you asked for is 59 minutes long; the limit is 30 minutes.',
    });
  });

  it('clips an end past the video to its end', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 2000 }) });

    // 1,500 s to the video's end at 2,000 s keeps 500 s, although 1,500–3,600 would be 35 minutes.
    await expect(validateVideo(trimmed(1500, 3600), world.deps)).resolves.toMatchObject({ cached: false });
  });

  it('rejects a start at or past the end of the video with TrimOutOfRange, not extracting', async () => {
    const world = validateWorld({ source: fakeSource({ durationSeconds: 212 }) });

    await expect(validateVideo(trimmed(212), world.deps)).rejects.toMatchObject({
      name: 'TrimOutOfRange',
      message:
        'The start you asked for (3:32) is at or past the end of the video, which is 3 minutes 32 seconds long.',
    });
    expect(world.source.openAudio).not.toHaveBeenCalled();
  });
});
