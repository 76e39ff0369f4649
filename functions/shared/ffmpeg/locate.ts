/**
 * Finds the ffmpeg and ffprobe binaries: FFMPEG_PATH / FFPROBE_PATH, else the optional `ffmpeg-static`
 * package (its binary download is blocked on some networks), else the name on PATH.
 */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { ToolMissing } from '../errors.js';

export const INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`, macOS: `brew install ffmpeg`) ' +
  'or set FFMPEG_PATH and FFPROBE_PATH to the binaries.';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `name` in the PATH directories, if any. */
export function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const directory of (pathVariable ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function ffmpegStaticPath(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('ffmpeg-static') as string | null;
    return path && isExecutable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

export interface LocateOptions {
  /** An explicit path from configuration (FFMPEG_PATH or FFPROBE_PATH). */
  configured?: string;
  /** The PATH to search; defaults to the process's. */
  pathVariable?: string;
  /** Whether to consult ffmpeg-static (tests turn it off to exercise the PATH fallback). */
  useStatic?: boolean;
}

// eslint-disable-next-line no-restricted-properties -- PATH is the OS's, not Audio Sync configuration
const processPath = () => process.env.PATH;

export function locateFfmpeg(options: LocateOptions = {}): string {
  if (options.configured) {
    if (!isExecutable(options.configured)) {
      throw new ToolMissing(`FFMPEG_PATH=${options.configured} is not an executable file. ${INSTALL_HINT}`);
    }
    return options.configured;
  }
  const found =
    (options.useStatic === false ? undefined : ffmpegStaticPath()) ??
    findOnPath('ffmpeg', options.pathVariable ?? processPath());
  if (!found) throw new ToolMissing(`ffmpeg was not found. ${INSTALL_HINT}`);
  return found;
}

/** ffprobe: FFPROBE_PATH, else beside the ffmpeg that was found, else on PATH. */
export function locateFfprobe(options: LocateOptions & { ffmpegPath?: string } = {}): string {
  if (options.configured) {
    if (!isExecutable(options.configured)) {
      throw new ToolMissing(`FFPROBE_PATH=${options.configured} is not an executable file. ${INSTALL_HINT}`);
    }
    return options.configured;
  }
  const besideFfmpeg = options.ffmpegPath ? join(dirname(options.ffmpegPath), 'ffprobe') : undefined;
  const found =
    (besideFfmpeg && isExecutable(besideFfmpeg) ? besideFfmpeg : undefined) ??
    findOnPath('ffprobe', options.pathVariable ?? processPath());
  if (!found) throw new ToolMissing(`ffprobe was not found. ${INSTALL_HINT}`);
  return found;
}
