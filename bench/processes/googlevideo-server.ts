/**
 * A loopback googlevideo in its own process: serves the files named on the command line at
 * `/videoplayback?id=<n>`, answering the `&range=a-b` query parameter YouTube's players send (and Range
 * headers, which ffmpeg sends), and 403 to a whole-file request without either. Prints its URLs.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const files = process.argv.slice(2);
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const file = files[Number(url.searchParams.get('id'))];
  if (url.pathname !== '/videoplayback' || !file) return void response.writeHead(404).end();
  const size = statSync(file).size;
  const asked =
    /^(\d+)-(\d*)$/.exec(url.searchParams.get('range') ?? '') ??
    /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  if (!asked) return void response.writeHead(403).end();
  const start = Number(asked[1]);
  const end = Math.min(asked[2] ? Number(asked[2]) : size - 1, size - 1);
  if (start >= size) return void response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
  const headers = { 'content-type': 'application/octet-stream', 'content-length': end - start + 1 };
  // googlevideo answers its range parameter with 200 and the slice, a Range header with 206.
  if (url.searchParams.has('range')) response.writeHead(200, headers);
  else
    response.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
    });
  createReadStream(file, { start, end }).pipe(response);
});
// Idle keep-alive connections outlive the gaps between runs: a connection closed as fetch reuses it
// fails the body with "terminated" (seen here with Node's default of 5 s).
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const urls = files.map((_, id) => `http://127.0.0.1:${port}/videoplayback?id=${id}&itag=0`);
  process.stdout.write(`${JSON.stringify({ urls, sizes: files.map((file) => statSync(file).size) })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
