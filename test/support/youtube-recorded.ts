/** The recorded InnerTube answers in test/fixtures/youtube (see its README), by case, video id and client. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Recording {
  recorded: { client: string; endpoint: string; videoId: string; source: string };
  response: Record<string, unknown>;
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'youtube');

/** The cases of the fixtures README, with the video id each was recorded for. */
export const CASES = {
  cclicensed: 'M4gD1WSo5mA',
  unlisted: 'tjz2u2DiveM',
  ratingsdisabled: 'it3OtbTxQk0',
  livestream: 'X4VbdwhkE10',
  privatecontent: '8VajtrESJzA',
  restricted: '_PL2HJKxnOM',
  nonexistent: 'don-t-exist',
  /** Derived from cclicensed: a description with chapter timestamps (see the fixtures README). */
  chapters: 'chaptersCX1',
} as const;
export type RecordedCase = keyof typeof CASES;

/** `<case>.<client>.json` → the recording. */
export function recording(name: RecordedCase, client: 'android' | 'visionos'): Recording {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.${client}.json`), 'utf8')) as Recording;
}

/** Every recording, as `videoId → clientName → player response`. */
export function recordingsByVideo(): Map<string, Map<string, Record<string, unknown>>> {
  const byVideo = new Map<string, Map<string, Record<string, unknown>>>();
  for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.json'))) {
    const { recorded, response } = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Recording;
    const clients = byVideo.get(recorded.videoId) ?? new Map<string, Record<string, unknown>>();
    clients.set(recorded.client, response);
    byVideo.set(recorded.videoId, clients);
  }
  return byVideo;
}
