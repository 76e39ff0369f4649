/**
 * `npm run bench [-- --json] [--quick] [section ...]`: measures, on the same inputs, our figures beside the
 * reference that bounds them (issue 6), prints a table, and with --json one JSON object on the last stdout
 * line. Sections (all by default): extraction, parallel, youtube, cold-start, pipeline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchColdStart } from './cold-start.js';
import { benchExtraction } from './extraction.js';
import { useOfflineEnvironment } from './lib/environment.js';
import { describeMachine } from './lib/machine.js';
import { formatTable, type Figure } from './lib/report.js';
import { benchPipeline } from './pipeline.js';
import { BENCH_DIR } from './lib/sources.js';
import { benchParallel } from './parallel.js';
import { benchYouTube } from './youtube.js';

const SECTIONS = ['extraction', 'parallel', 'youtube', 'cold-start', 'pipeline'] as const;
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter(
  (arg) => !['--json', '--quick', ...SECTIONS].includes(arg as (typeof SECTIONS)[number]),
);
if (unknown.length) {
  console.error(
    `Unknown option(s): ${unknown.join(' ')}. Usage: npm run bench [-- --json] [--quick] [${SECTIONS.join('|')} ...]`,
  );
  process.exit(64);
}
const json = args.has('--json');
const quick = args.has('--quick');
const chosen = SECTIONS.filter((name) => args.has(name));
const selected = (name: (typeof SECTIONS)[number]) => chosen.length === 0 || chosen.includes(name);

useOfflineEnvironment();
const FFMPEG = '/usr/bin/ffmpeg';
const FFPROBE = '/usr/bin/ffprobe';
const YTDLP = '/usr/bin/yt-dlp';
// Progress goes to stderr so that with --json the last stdout line is the JSON object.
const log = (line: string) => console.error(`[bench] ${line}`);

const started = performance.now();
const machine = describeMachine(FFMPEG, YTDLP);
log(
  `${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverage.join(' ')}${quick ? ', quick mode' : ''}`,
);

const figures: Figure[] = [];
const errors: { section: string; error: string }[] = [];
async function section(
  name: string,
  key: (typeof SECTIONS)[number],
  run: () => Promise<Figure[]>,
): Promise<void> {
  if (!selected(key)) return;
  const sectionStarted = performance.now();
  try {
    figures.push(...(await run()));
  } catch (error) {
    errors.push({
      section: name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    log(`${name} failed: ${String(error)}`);
  }
  log(`${name}: ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`);
}

await section('extraction and memory', 'extraction', () =>
  benchExtraction({
    durations: quick ? [10, 60] : [60, 600, 1800],
    // Fewer runs of the long sources keep the whole bench within 15 minutes on 2 cores.
    runs: (seconds) => (quick ? 1 : seconds >= 600 ? 3 : 5),
    formats: ['mp3', 'm4a', 'opus'],
    ffmpegPath: FFMPEG,
    ytdlpPath: YTDLP,
    log,
  }),
);
await section('parallel mp3', 'parallel', () =>
  benchParallel({
    durations: quick ? [60] : [600, 1800],
    workers: [1, 2],
    runs: quick ? 1 : 2,
    ffmpegPath: FFMPEG,
    log,
  }),
);
await section('youtube-shaped sources', 'youtube', () =>
  benchYouTube({
    // 5 minutes is the shortest source extract encodes in parallel.
    seconds: quick ? 300 : 1800,
    runs: quick ? { copy: 1, mp3: 1, encode: 1 } : { copy: 3, mp3: 3, encode: 1 },
    mp3Workers: [1, 2],
    ffmpegPath: FFMPEG,
    log,
  }),
);
await section('cold start', 'cold-start', () => benchColdStart({ runs: quick ? 1 : 5, log }));
await section('pipeline', 'pipeline', () =>
  benchPipeline({ ffmpegPath: FFMPEG, ffprobePath: FFPROBE, overheadRuns: quick ? 1 : 3, log }),
);

const totalSeconds = (performance.now() - started) / 1000;
const failed = figures.filter((f) => f.pass === false).length + errors.length;
const table = formatTable(figures.sort((a, b) => a.section - b.section));
const scope = [quick ? '--quick' : '', ...chosen].filter(Boolean).join(' ');
const summary = `${figures.length} figures, ${failed} failed, ${totalSeconds.toFixed(0)} s${scope ? ` (${scope})` : ''}`;
const machineLine =
  `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, load at start ${machine.loadAverage.join(' ')}; ` +
  `node ${machine.node}; ${machine.ffmpeg}; yt-dlp ${machine.ytdlp}`;
console.log(table);
for (const { section: name, error } of errors) console.log(`\nSection "${name}" did not finish:\n${error}`);
console.log(`\n${summary}\n${machineLine}`);
// The last run as markdown, ready for bench/RESULTS.md and the README's Performance section.
mkdirSync(BENCH_DIR, { recursive: true });
writeFileSync(join(BENCH_DIR, 'last-run.md'), `${table}\n\n${summary}  \nMachine: ${machineLine}\n`);
if (json) console.log(JSON.stringify({ quick, totalSeconds, machine, figures, errors }));
process.exitCode = failed ? 1 : 0;
