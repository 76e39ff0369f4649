/** What `npm start` shows a person: one line per step, a progress bar for extraction (redrawn in place on a terminal). */
import type { Writable } from 'node:stream';
import { maskEmail } from '../../functions/shared/logger.js';
import { withoutControls } from '../../functions/shared/media/clean-text.js';
import type { StepEvent } from './watch-job.js';
import { mp3Quality, type AudioOptions } from '../../functions/shared/contract/audio-options.js';
import { isAbsolute, relative } from 'node:path';

const BAR_WIDTH = 30;

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/** `90.5` → `1:30.5`: a trim point as it was typed, fractions kept. */
function formatTrimPoint(seconds: number): string {
  const whole = Math.floor(seconds);
  const fraction = String(Math.round((seconds - whole) * 1000) / 1000).slice(1);
  return `${formatDuration(whole)}${fraction}`;
}

/** The rendition a job asked for in words: `mp3 VBR V2, 0:01–0:03, no cover art`. */
export function formatOptions(format: string, options: AudioOptions | null): string {
  if (!options) return format;
  const quality = mp3Quality(options);
  const parts = [
    format === 'mp3' ? `mp3 ${/^V/.test(quality) ? `VBR ${quality}` : `${quality} kbit/s`}` : format,
  ];
  const { startSeconds: start, endSeconds: end } = options;
  if (start !== undefined || end !== undefined) {
    parts.push(`${formatTrimPoint(start ?? 0)}–${end === undefined ? 'end' : formatTrimPoint(end)}`);
  }
  if (!options.coverArt) parts.push('no cover art');
  return parts.join(', ');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function progressBar(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

interface VideoOutput {
  video?: { title?: string; author?: string; durationSeconds?: number; cached?: boolean };
}

export class Reporter {
  private durationSeconds = 0;
  private shownPercent = -1;
  private barOpen = false;

  constructor(
    private readonly out: Writable & { isTTY?: boolean },
    private readonly email: string,
  ) {}

  /** Every line is printable text: a title's ESC/OSC sequences or bidi controls never reach the terminal. */
  line(text: string): void {
    this.closeBar();
    this.out.write(`${withoutControls(text)}\n`);
  }

  step(step: StepEvent): void {
    const { state } = step;
    if (step.kind === 'failed') return this.line(`  ✗ ${state}: ${step.error}`);
    if (step.kind === 'retrying') return this.line(`  ↻ ${state}: retrying`);
    if (step.kind === 'entered') {
      const doing: Record<string, string> = {
        Validate: 'Validating the source…',
        Extract: 'Extracting the audio…',
        Notify: 'Emailing the download link…',
        NotifyRejected: 'Emailing the reason…',
      };
      return this.line(`• ${doing[state] ?? state}`);
    }
    if (state === 'Validate') {
      const video = (step.output as VideoOutput | undefined)?.video;
      // A rejection leaves Validate through its Catch, without a video.
      if (!video) return;
      this.durationSeconds = video?.durationSeconds ?? 0;
      this.line(
        `  ✓ ${video?.title ?? 'Untitled'} — ${video?.author ?? 'unknown'} (${formatDuration(this.durationSeconds)})`,
      );
      if (video?.cached) this.line('  ✓ Already extracted in this format: reusing it');
      return;
    }
    if (state === 'Extract') {
      this.progress(this.durationSeconds);
      const bytes = (step.output as { rendition?: { bytes?: number } } | undefined)?.rendition?.bytes;
      return this.line(`  ✓ Extracted${bytes ? ` ${formatBytes(bytes)}` : ''}`);
    }
    if (state === 'Notify' || state === 'NotifyRejected')
      return this.line(`  ✓ Email sent to ${maskEmail(this.email)}`);
  }

  /** Extraction progress in seconds of audio encoded. */
  progress(seconds: number): void {
    if (this.durationSeconds <= 0) return;
    const fraction = seconds / this.durationSeconds;
    const percent = Math.min(100, Math.floor(fraction * 100));
    if (this.out.isTTY) {
      if (percent === this.shownPercent) return;
      this.out.write(`\r  ${progressBar(fraction)}`);
      this.barOpen = true;
    } else {
      // Without a terminal to redraw on, one line per quarter.
      if (Math.floor(percent / 25) === Math.floor(this.shownPercent / 25)) return;
      this.out.write(`  ${progressBar(fraction)}\n`);
    }
    this.shownPercent = percent;
  }

  private closeBar(): void {
    if (!this.barOpen) return;
    this.out.write('\n');
    this.barOpen = false;
  }
}

/** A saved file's path as the user reads it: relative under the working directory, absolute elsewhere. */
export function displayPath(file: string, cwd: string): string {
  const inside = relative(cwd, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}
