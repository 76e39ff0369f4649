/** A media route that streams a file at a fixed rate, so an extraction lasts long enough to watch its progress. */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export function servedSlowly(filePath: string, contentType: string, bytesPerSecond: number) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const size = statSync(filePath).size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range?.[1] ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    response.writeHead(range ? 206 : 200, {
      'content-type': contentType,
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (request.method === 'HEAD') return void response.end();
    const stream = createReadStream(filePath, { start, end, highWaterMark: 8 * 1024 });
    void (async () => {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (response.destroyed) break;
        response.write(chunk);
        await sleep((chunk.length / bytesPerSecond) * 1000);
      }
      response.end();
    })().catch(() => response.destroy());
    response.on('close', () => stream.destroy());
  };
}
