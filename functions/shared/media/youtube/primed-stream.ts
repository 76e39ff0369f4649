/** Waits for an audio stream's first bytes, so a driver fails (and the chain moves on) before ffmpeg starts. */
import { Readable } from 'node:stream';

/**
 * Reads the first chunk (throwing what the source throws), then hands back a Readable of the whole
 * stream. Errors after that pass through `mapError` and destroy the stream: never a silent short file.
 */
export async function primedStream(
  source: AsyncIterable<Uint8Array>,
  mapError: (error: unknown) => Error,
): Promise<Readable> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* rest(): AsyncGenerator<Uint8Array> {
    try {
      if (first.done) return;
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } catch (error) {
      throw mapError(error);
    } finally {
      await iterator.return?.();
    }
  }
  return Readable.from(rest(), { objectMode: false });
}
