/**
 * Faults a deploy bundle meets on the wire, where its own SDK clients cannot be reached from a test: a
 * proxy in front of the SES emulator that throttles SendEmail, and a media route held part-way.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WIRE_ANSWERS } from '../../support/faults.js';

export interface ThrottlingProxy {
  url: string;
  /** Where requests are forwarded (set once the emulator it fronts is listening). */
  target: string;
  /** Answers the next `count` SendEmail calls with SES's 429 TooManyRequestsException. */
  throttle(count: number): void;
  /** SendEmail calls answered 429 so far. */
  throttled: number;
  close(): Promise<void>;
}

/** SESv2 SendEmail is `POST /v2/email/outbound-emails`. */
const isSendEmail = (request: IncomingMessage) =>
  request.method === 'POST' && (request.url ?? '').startsWith('/v2/email/outbound-emails');

export async function startThrottlingSesProxy(): Promise<ThrottlingProxy> {
  let remaining = 0;
  const proxy: Partial<ThrottlingProxy> = { throttled: 0, target: '' };
  const server = createServer((request, response) => {
    if (isSendEmail(request) && remaining > 0) {
      remaining -= 1;
      proxy.throttled! += 1;
      const { statusCode, headers, body } = WIRE_ANSWERS.sesThrottled;
      request.resume();
      return void response.writeHead(statusCode, headers).end(body);
    }
    const upstream = httpRequest(
      new URL(request.url ?? '/', proxy.target),
      { method: request.method, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    throttle: (count: number) => void (remaining = count),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as ThrottlingProxy;
}

/**
 * A media route (no Range support) that sends the first `headBytes` at once, the rest only after
 * `release()`: probes read the start and finish, an extraction stays in progress until released.
 */
export function heldAfter(filePath: string, contentType: string, headBytes: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const route = (request: IncomingMessage, response: ServerResponse) => {
    const size = statSync(filePath).size;
    response.writeHead(200, { 'content-type': contentType, 'content-length': size });
    if (request.method === 'HEAD') return void response.end();
    const head = createReadStream(filePath, { start: 0, end: headBytes - 1 });
    head.pipe(response, { end: false });
    head.on('end', () => {
      void released.then(() => {
        if (!response.destroyed) createReadStream(filePath, { start: headBytes }).pipe(response);
      });
    });
  };
  return { route, release };
}
