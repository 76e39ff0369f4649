/** The player script sandbox: a hostile script reads no process, require or credentials, and cannot hang us. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PlayerScriptFailed, sandboxedEvaluator } from '../../functions/shared/media/youtube/sandbox-eval.js';
import { youtubeiDriver } from '../../functions/shared/media/youtube/youtubei-driver.js';
import { tempDirectory } from '../support/media.js';
import { startFakeYoutube } from '../support/youtube-fake.js';
import { hostilePlayer, solveChallenge } from '../support/youtube-player.js';
import { CASES } from '../support/youtube-recorded.js';

const evaluate = sandboxedEvaluator(200);
const run = (body: string) => evaluate({ output: body });
const cacheDir = tempDirectory('player-cache-');
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the player script sandbox', () => {
  it('runs a solver and hands back only strings', () => {
    expect(run('return { n: "abc".split("").reverse().join(""), sig: 42 }')).toEqual({ n: 'cba' });
  });

  it.each([
    ['process', 'return { n: typeof process }'],
    ['require', 'return { n: typeof require }'],
    // The global's constructor is the context's own Function, whose code runs in the context too.
    [
      'process via the global’s Function',
      'return { n: this.constructor.constructor("return typeof process")() }',
    ],
    [
      'the host process via a constructor chain',
      'return { n: typeof ({}).constructor.constructor("return typeof process")() }',
    ],
    ['fetch', 'return { n: typeof fetch }'],
  ])('gives no access to %s', (_label, body) => {
    const result = run(body);
    expect(result.n).not.toMatch(/function|object/);
  });

  it('never exposes the credentials in process.env', () => {
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    const body = `try { return { n: String(({}).constructor.constructor("return process.env.AWS_SECRET_ACCESS_KEY")()) }; }
      catch (e) { return { n: "refused: " + e.message }; }`;
    expect(run(body).n).not.toContain(process.env.AWS_SECRET_ACCESS_KEY);
  });

  it.each([
    ['an endless loop', 'for (;;) {}'],
    [
      'an endless chain of microtasks',
      'const spin = () => Promise.resolve().then(spin); spin(); return { n: "x" }',
    ],
    ['a thrown object whose getter never returns', 'throw { get message() { for (;;) {} } }'],
  ])('stops %s at the timeout', (_label, body) => {
    expect(() => run(body)).toThrow(PlayerScriptFailed);
    expect(() => run(body)).toThrow(/timed out/);
  });

  it('reports a script that throws, with its message', () => {
    expect(() => run('throw new Error("nsig broke")')).toThrow(
      /The YouTube player script failed: nsig broke/,
    );
  });

  it('keeps a hostile player served by YouTube away from process.env on the real download path', async () => {
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    const probe =
      'String(typeof globalThis.process === "object" ? globalThis.process.env.AWS_SECRET_ACCESS_KEY : "none")';
    const youtube = await startFakeYoutube({ playerScript: hostilePlayer(`url.set("n", ${probe})`) });
    try {
      const driver = youtubeiDriver({ fetch: youtube.fetch, clients: ['TV'], playerCacheDir: cacheDir });
      // The fake googlevideo refuses the URL: the hostile solver did not solve the challenge.
      await expect(driver.openAudio(CASES.cclicensed)).rejects.toMatchObject({ reason: 'forbidden' });
      const media = youtube.requests.find((request) => request.itag !== undefined);
      expect(media?.query?.get('n')).toBe(solveChallenge('none'));
    } finally {
      await youtube.close();
    }
  });
});
