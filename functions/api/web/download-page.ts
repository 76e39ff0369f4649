/** The page an emailed link opens in a browser: what the file is, and a button that downloads it. */
import { mp3Quality, type AudioOptions } from '../../shared/contract/audio-options.js';
import { escapeHtml } from './html.js';

export interface DownloadPageFile {
  title: string;
  author?: string;
  format: string;
  bytes: number;
  /** What the job asked for beyond its format (absent on jobs from before options: the defaults). */
  options?: AudioOptions;
}

/** 90 → `1:30`, 3723.5 → `1:02:03.5`: the way the form and the CLI take a trim point. */
function clockTime(totalSeconds: number): string {
  const millis = Math.round(totalSeconds * 1000);
  const hours = Math.floor(millis / 3_600_000);
  const minutes = Math.floor((millis % 3_600_000) / 60_000);
  const [whole, fraction] = String((millis % 60_000) / 1000).split('.');
  const seconds = `${whole!.padStart(2, '0')}${fraction ? `.${fraction}` : ''}`;
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The rows an option adds: the mp3 quality, and the part kept when the job trimmed the video. */
function optionRows(format: string, options: AudioOptions | undefined): [string, string][] {
  const rows: [string, string][] = [];
  if (format === 'mp3') {
    const quality = mp3Quality(options ?? {});
    rows.push(['Quality', quality.startsWith('V') ? `${quality} (variable bitrate)` : `${quality} kbit/s`]);
  }
  const start = options?.startSeconds;
  const end = options?.endSeconds;
  if (start || end !== undefined) {
    rows.push(['Part', `${clockTime(start ?? 0)} to ${end === undefined ? 'the end' : clockTime(end)}`]);
  }
  return rows;
}

/** `12.3 MB`, `850 kB`: decimal units, as operating systems show file sizes. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${escapeHtml(title)} · Audio Sync</title>
    <link rel="stylesheet" href="../app.css" />
  </head>
  <body>
    <main>
${main}
    </main>
  </body>
</html>
`;
}

/** The link stays relative (`?download=1`), so the page never repeats the token it was opened with. */
export function downloadPage(file: DownloadPageFile): string {
  const rows = [
    ['Title', file.title],
    ...(file.author ? [['By', file.author]] : []),
    ['Format', file.format.toUpperCase()],
    ...optionRows(file.format, file.options),
    ['Size', formatSize(file.bytes)],
  ]
    .map(([name, value]) => `        <dt>${escapeHtml(name!)}</dt><dd>${escapeHtml(value!)}</dd>`)
    .join('\n');
  return layout(
    file.title,
    `      <h1>Your audio is ready</h1>
      <dl class="file">
${rows}
      </dl>
      <p><a class="button" id="download" href="?download=1" download>Download ${escapeHtml(file.format.toUpperCase())}</a></p>
      <p class="hint">The link in your email keeps working until it expires.</p>
      <p><a href="../">Convert another video</a></p>`,
  );
}

/** A refused link (unknown or expired) as a page, with the API's plain-words message. */
export function downloadErrorPage(heading: string, message: string): string {
  return layout(
    heading,
    `      <h1>${escapeHtml(heading)}</h1>
      <p class="reason">${escapeHtml(message)}</p>
      <p><a href="../">Request the audio again</a></p>`,
  );
}
