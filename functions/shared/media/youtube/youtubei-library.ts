/** Loads youtubei.js once, silenced, with the sandboxed evaluator as its JavaScript runtime. */
import { sandboxedEvaluator } from './sandbox-eval.js';

let library: Promise<typeof import('youtubei.js')> | undefined;

/** One run of the player script solves one challenge in milliseconds; more means a hostile or broken script. */
const PLAYER_TIMEOUT_MS = 5_000;

/** youtubei.js takes about half a second to import: loaded on first YouTube use, never for http or file sources. */
export function loadYoutubei(): Promise<typeof import('youtubei.js')> {
  return (library ??= import('youtubei.js').then((youtubei) => {
    // The library logs parser warnings to the console; our logger reports what matters.
    youtubei.Log.setLevel(youtubei.Log.Level.NONE);
    // Since v16 the library has no interpreter: without one it cannot solve ciphers or n-challenges.
    youtubei.Platform.shim.eval = sandboxedEvaluator(PLAYER_TIMEOUT_MS);
    return youtubei;
  }));
}

/** The text of a youtubei.js failure, with the HTTP status of a failed fetch (which tells a 403 from a 5xx). */
export function failureText(error: unknown): string {
  const info = (error as { info?: unknown }).info;
  const status = (info as { response?: { status?: unknown } } | undefined)?.response?.status;
  const detail =
    typeof status === 'number'
      ? `status code ${status}`
      : typeof info === 'string'
        ? info
        : JSON.stringify(info ?? '');
  const cause = (error as { cause?: { message?: string } }).cause?.message ?? '';
  return `${(error as Error).message ?? String(error)} ${detail} ${cause}`;
}
