/**
 * Runs YouTube's player script (the n/signature solver youtubei.js extracts) in a fresh `node:vm`
 * context: no process, require, fetch or host objects, bounded by a timeout.
 */
import { createContext, runInContext } from 'node:vm';

/** What youtubei.js's Platform.shim.eval receives: the extracted script, which ends in `return …`. */
export interface PlayerScript {
  output: string;
}

export type PlayerResult = Record<string, string | undefined>;

/** The player script could not be run (syntax error, timeout, a result that is not data). */
export class PlayerScriptFailed extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlayerScriptFailed';
  }
}

/**
 * An evaluator for `Platform.shim.eval`. The context's global has a null prototype (so no
 * `constructor` leads back to the host's Function), and the result is serialised inside the
 * context, so the host never touches an object (or getter) the script made.
 */
export function sandboxedEvaluator(timeoutMs: number): (script: PlayerScript) => PlayerResult {
  return (script) => {
    const context = createContext(Object.create(null) as object, {
      name: 'youtube-player',
      codeGeneration: { strings: true, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    let serialised: unknown;
    try {
      // Errors are turned into text inside the context too: a thrown object's getters never run in the host.
      serialised = runInContext(
        `(function () {
          try { return JSON.stringify({ value: (function () {\n${script.output}\n})() }); }
          catch (e) { try { return JSON.stringify({ error: String(e && e.message || e) }); } catch { return '{"error":"unprintable"}'; } }
        })()`,
        context,
        { timeout: timeoutMs, filename: 'youtube-player.js' },
      );
    } catch (error) {
      throw new PlayerScriptFailed(`The YouTube player script did not run: ${String(error)}`);
    }
    const parsed = (typeof serialised === 'string' ? JSON.parse(serialised) : {}) as {
      value?: unknown;
      error?: string;
    };
    if (parsed.error !== undefined)
      throw new PlayerScriptFailed(`The YouTube player script failed: ${parsed.error}`);
    if (typeof parsed.value !== 'object' || parsed.value === null) {
      throw new PlayerScriptFailed('The YouTube player script returned no object');
    }
    const result: PlayerResult = {};
    for (const [key, value] of Object.entries(parsed.value))
      if (typeof value === 'string') result[key] = value;
    return result;
  };
}
