/** Runs the yt-dlp binary: once to completion (probe, version) or streaming stdout (audio). */
import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { SourceUnreachable, ToolMissing } from '../../errors.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const STDERR_TAIL = 16 * 1024;

export function runToCompletion(
  binary: string,
  args: string[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, signal });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        reject(new ToolMissing(`yt-dlp could not be run at ${binary} (${error.code})`, { cause: error }));
      } else reject(error);
    });
    child.on('close', (code, killedBy) => {
      if (killedBy && code === null) {
        return reject(
          new SourceUnreachable(`yt-dlp was stopped (${killedBy}) after ${timeoutMs} ms or on abort`),
        );
      }
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr });
    });
  });
}

/**
 * The process's stdout, ended only after a zero exit: a non-zero exit destroys the stream with
 * `mapFailure(stderr)`, so a consumer never mistakes a broken download for a short file.
 */
export function streamStdout(
  binary: string,
  args: string[],
  mapFailure: (stderr: string) => Error,
): Readable {
  const output = new PassThrough();
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)));
  child.stdout.pipe(output, { end: false });
  child.on('error', (error: NodeJS.ErrnoException) =>
    output.destroy(
      new ToolMissing(`yt-dlp could not be run at ${binary} (${error.code ?? error.message})`, {
        cause: error,
      }),
    ),
  );
  // 'close' comes after stdout has ended, so every byte is already in `output`.
  child.on('close', (code, killedBy) => {
    if (code === 0) output.end();
    else if (!output.destroyed)
      output.destroy(mapFailure(stderr || `yt-dlp exited with ${code ?? killedBy}`));
  });
  // The consumer stopped reading (aborted extraction): stop downloading too.
  output.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return output;
}
