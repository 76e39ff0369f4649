/** The `npm start` command line: a source, `--email`, the format and audio options, and how to run and report. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AUDIO_FORMATS, DEFAULT_FORMAT, type AudioFormat } from '../../functions/shared/types.js';
import { DEFAULT_MP3_QUALITY, MP3_QUALITIES } from '../../functions/shared/contract/audio-options.js';
import { parseAudioOptions, type RequestedOptions } from './audio-option-flags.js';
import { UsageError } from './usage-error.js';

export const USAGE = `Usage: npm start -- <url|file> --email <address> [--format ${AUDIO_FORMATS.join('|')}]
         [--quality Q] [--start T] [--end T] [--no-cover-art] [--out DIR] [--json] [--bundled]

  <url|file>        a YouTube link, an http(s) media URL, or a local audio/video file
  --email, -e       where the download link is sent (captured locally, never delivered)
  --format, -f      audio format (default ${DEFAULT_FORMAT})
  --quality, -q     mp3 only: ${MP3_QUALITIES.join(', ')} (kbit/s, or VBR V0/V2; default ${DEFAULT_MP3_QUALITY}).
                    YouTube's best source is about 160 kbit/s Opus: 320 adds size, not sound
  --start, --end    keep only this part: seconds (90) or [h:]mm:ss (1:30, 1:02:03.5);
                    a YouTube link's t= is the start when --start is absent
  --no-cover-art    do not embed the thumbnail (or the source's own picture) as cover art
  --out, -o         directory for the downloaded file (default ./downloads)
  --json            print a JSON summary as the last line of stdout
  --bundled         run the deploy bundles (built once per source change) instead of the sources`;

export { UsageError };

export interface StartArguments {
  url: string;
  email: string;
  format: AudioFormat;
  /** Only the options given, as POST /jobs takes them. */
  options: RequestedOptions;
  outDir: string;
  json: boolean;
  /** Run the deploy bundles instead of the TypeScript sources. */
  bundled: boolean;
  help: boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A URL as given, or a local path turned into a `file://` URL. */
export function sourceUrl(given: string, cwd = process.cwd()): string {
  if (SCHEME.test(given)) return given;
  const path = resolve(cwd, given);
  if (!existsSync(path))
    throw new UsageError(`No such file: ${given} (give a URL or the path of a local file)`);
  return pathToFileURL(path).href;
}

export function parseStartArguments(argv: string[]): StartArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: 'string', short: 'e' },
        format: { type: 'string', short: 'f', default: DEFAULT_FORMAT },
        quality: { type: 'string', short: 'q' },
        start: { type: 'string' },
        end: { type: 'string' },
        // Node 20's parseArgs has no `--no-` negation, so the flag is its own boolean.
        'no-cover-art': { type: 'boolean', default: false },
        out: { type: 'string', short: 'o', default: 'downloads' },
        json: { type: 'boolean', default: false },
        bundled: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (help)
    return {
      url: '',
      email: '',
      format: DEFAULT_FORMAT,
      options: {},
      outDir: '',
      json: false,
      bundled: false,
      help,
    };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Give the URL or file to convert'
        : `Give one URL or file, not ${positionals.length}`,
    );
  }
  if (!values.email) throw new UsageError('--email is required: the download link is sent there');
  const format = values.format as AudioFormat;
  if (!AUDIO_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${AUDIO_FORMATS.join(', ')} (got "${values.format}")`);
  }
  const options = parseAudioOptions(format, {
    quality: values.quality,
    start: values.start,
    end: values.end,
    noCoverArt: values['no-cover-art'] ?? false,
  });
  return {
    url: sourceUrl(positionals[0]!),
    email: values.email,
    format,
    options,
    outDir: resolve(values.out ?? 'downloads'),
    json: values.json ?? false,
    bundled: values.bundled ?? false,
    help,
  };
}
