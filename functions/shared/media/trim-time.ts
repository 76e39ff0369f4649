/** Trim points as people write them: seconds, `[h:]mm:ss[.fff]`, and YouTube's `t=` (`90`, `1m30s`, `1h2m3s`). */

const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d{1,3})?)$/;
const SECONDS = /^\d+(?:\.\d{1,3})?$/;
const YOUTUBE_T = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/;

/** Seconds of a `"[h:]mm:ss"` or plain-seconds string; undefined when it is neither. */
export function parseClockTime(text: string): number | undefined {
  const value = text.trim();
  if (SECONDS.test(value)) return Number(value);
  const match = CLOCK.exec(value);
  if (!match) return undefined;
  const [, hours, minutes, seconds] = match;
  // "1:75" is a typo, not 2:15: minutes and seconds stay below 60 once there is a unit above them.
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) return undefined;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** The start a YouTube link asks for (`t=` or `start=` in the query, `#t=` in the fragment); undefined when none or malformed. */
export function youtubeStartSeconds(url: URL): number | undefined {
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const given = url.searchParams.get('t') ?? url.searchParams.get('start') ?? fragment.get('t');
  if (!given) return undefined;
  const match = YOUTUBE_T.exec(given.trim());
  if (!match || !match.slice(1).some(Boolean)) return undefined;
  const [, hours, minutes, seconds] = match;
  const total = Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
  return total > 0 ? total : undefined;
}
