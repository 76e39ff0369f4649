/** Child processes for the bench: spawn, time, and read the peak memory of a process tree from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Timed {
  seconds: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and times it; rejects when it exits non-zero. */
export function timeCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8192)));
    child.once('error', reject);
    child.once('close', (exitCode) => {
      const result = { seconds: (performance.now() - started) / 1000, exitCode, stdout, stderr };
      if (exitCode === 0) resolve(result);
      else reject(new Error(`${command} ${args.join(' ')} exited ${exitCode}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Starts a long-running child that prints one JSON line when ready; resolves with that line and the child. */
export function startReadyChild<T>(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ ready: T; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    const lines = createInterface({ input: child.stdout! });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited ${code} before it was ready`)));
    lines.once('line', (line) => resolve({ ready: JSON.parse(line) as T, child }));
  });
}

/** Stops a child started by the bench and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM), or undefined once the process is gone. */
export function procStatusKib(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of a process (Linux: /proc/<pid>/task/<tid>/children). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}
