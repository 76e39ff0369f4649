/** yt-dlp's WARNING lines, classified so the logs say why YouTube broke instead of hiding it. */
import { logger } from '../../logger.js';

export type YtdlpWarningKind = 'js-challenge' | 'sabr' | 'po-token' | 'bot-check' | 'outdated' | 'other';

const KINDS: [YtdlpWarningKind, RegExp][] = [
  [
    'js-challenge',
    /n challenge|nsig|signature (extraction|solving|function)|JS runtime|js-runtimes|challenge solv|EJS/i,
  ],
  ['sabr', /SABR|formats have been skipped|missing a url/i],
  ['po-token', /PO Token|po_token|GVS PO/i],
  ['bot-check', /confirm you.?re not a bot|Sign in to confirm/i],
  ['outdated', /outdated|please update|yt-dlp -U|--update/i],
];

export interface YtdlpWarning {
  kind: YtdlpWarningKind;
  text: string;
}

export function ytdlpWarnings(stderr: string): YtdlpWarning[] {
  return stderr
    .split('\n')
    .map((line) => /^WARNING:\s*(.*)$/.exec(line.trim())?.[1])
    .filter((text): text is string => Boolean(text))
    .map((text) => ({
      kind: KINDS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other',
      text: text.slice(0, 300),
    }));
}

/** Logs each warning once per run, with its kind (a metric filter or an operator can key on it). */
export function logYtdlpWarnings(stderr: string, videoId: string): YtdlpWarning[] {
  const warnings = ytdlpWarnings(stderr);
  for (const warning of warnings)
    logger.warn('yt-dlp warning', { videoId, kind: warning.kind, warning: warning.text });
  return warnings;
}
