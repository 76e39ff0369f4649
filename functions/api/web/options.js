// The page's audio options: the same trim and quality rules as POST /jobs, checked before sending,
// and the plain-words line the job view shows. No DOM here, so the unit tests run it as it ships.

export const MP3_QUALITIES = ['128', '192', '256', '320', 'V0', 'V2'];
export const DEFAULT_MP3_QUALITY = '192';
/** A trim point is at most a day into the source, as the API holds it. */
export const MAX_TRIM_SECONDS = 24 * 60 * 60;

const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d{1,3})?)$/;
const SECONDS = /^\d+(?:\.\d{1,3})?$/;
const QUALITY_TEXT = { V0: 'VBR V0 (about 245 kbit/s)', V2: 'VBR V2 (about 190 kbit/s)' };

/** Seconds of `90`, `1:30`, `1:02:03` or `1:30.5`; undefined when the text is none of them. */
export function parseTrimPoint(text) {
  const value = text.trim();
  if (SECONDS.test(value)) return Number(value);
  const match = CLOCK.exec(value);
  if (!match) return undefined;
  const [, hours, minutes, seconds] = match;
  // "1:75" is a typo, not 2:15: below an hour or a minute, the next unit stays under 60.
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) return undefined;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** `90.5` → `1:30.5`, `3723` → `1:02:03`. */
export function formatClock(seconds) {
  const whole = Math.floor(seconds);
  const fraction = String(Math.round((seconds - whole) * 1000) / 1000).slice(1);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = `${String(whole % 60).padStart(2, '0')}${fraction}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const TRIM_RULE = 'seconds (90) or minutes:seconds (1:30, 1:02:03), at most 24 hours';

/**
 * The options part of a POST /jobs body from what the form holds: only the options that differ from the
 * defaults, so a plain request stays `{url, email, format}`. `error` names the field a rule broke.
 */
export function requestOptions({ format, quality, start, end, coverArt }) {
  const options = {};
  if (format === 'mp3' && quality && quality !== DEFAULT_MP3_QUALITY) {
    if (!MP3_QUALITIES.includes(quality)) {
      return { options, error: { field: 'quality', message: `Pick one of ${MP3_QUALITIES.join(', ')}.` } };
    }
    options.quality = quality;
  }
  const points = {};
  for (const [field, text] of [
    ['start', start],
    ['end', end],
  ]) {
    if (!text?.trim()) continue;
    const seconds = parseTrimPoint(text);
    if (seconds === undefined || seconds > MAX_TRIM_SECONDS) {
      return { options, error: { field, message: `Write the ${field} as ${TRIM_RULE}.` } };
    }
    points[field] = seconds;
    // The text as typed: the API parses it by the same rules and names this field if it disagrees.
    options[field] = text.trim();
  }
  if (points.end !== undefined && points.end <= (points.start ?? 0)) {
    return { options, error: { field: 'end', message: 'The end must be after the start.' } };
  }
  if (coverArt === false) options.coverArt = false;
  return { options };
}

/** The options a job was made with, as GET /jobs/{jobId} answers them, in words: `MP3 · VBR V2 · 0:01 to 0:03`. */
export function describeOptions(format, options) {
  const parts = [String(format ?? '').toUpperCase()];
  if (!options) return parts.join(' · ');
  if (format === 'mp3') {
    const quality = options.quality ?? DEFAULT_MP3_QUALITY;
    parts.push(QUALITY_TEXT[quality] ?? `${quality} kbit/s`);
  }
  const { startSeconds: start, endSeconds: end } = options;
  if (start !== undefined && end !== undefined) parts.push(`${formatClock(start)} to ${formatClock(end)}`);
  else if (start !== undefined) parts.push(`from ${formatClock(start)}`);
  else if (end !== undefined) parts.push(`up to ${formatClock(end)}`);
  else parts.push('whole length');
  parts.push(options.coverArt === false ? 'no cover art' : 'cover art');
  return parts.join(' · ');
}
