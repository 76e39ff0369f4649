/**
 * The HTTP API on localhost: Node's http server turns each request into an API Gateway HTTP API
 * (payload format 2.0) event for the api handler and writes its answer back, as API Gateway would.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { selectRoute, type RouteKeyMatch } from '../functions/api/route-keys.js';

const LOCAL_ACCOUNT = '000000000000';

export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

// API Gateway base64-encodes bodies unless they are text.
const TEXT_CONTENT = /^(text\/|application\/(json|x-www-form-urlencoded|xml|[^;]*\+json))/i;

export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  route: RouteKeyMatch,
  apiHost: string,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] =
      name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const isText = body.length === 0 || TEXT_CONTENT.test(headers['content-type'] ?? '');
  const now = new Date();
  const cookies = request.headers.cookie?.split(';').map((cookie) => cookie.trim());
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.searchParams.size > 0 ? { queryStringParameters } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: apiHost,
      domainPrefix: apiHost.split('.')[0] ?? apiHost,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** Writes a handler's answer the way API Gateway interprets payload format 2.0 results. */
export function writeApiGatewayResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    // A result without statusCode is the JSON body of a 200.
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body ?? '';
  response
    .writeHead(result.statusCode ?? 200, headers)
    .end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/**
 * True when the Host header names this server (127.0.0.1, localhost or [::1] on its own port): a page
 * whose DNS name was rebound to 127.0.0.1 sends its own name, and is refused.
 */
export function isOwnHost(host: string | undefined, port: number | undefined): boolean {
  if (!host || port === undefined) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

const jsonAnswer = (response: ServerResponse, status: number, message: string) =>
  void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));

export function createHttpApiServer(options: {
  routeKeys: readonly string[];
  handler: ApiHandler;
  context: () => Context;
  onError: (error: unknown) => void;
}): Server {
  return createServer((request, response) => {
    if (!isOwnHost(request.headers.host, request.socket.localPort)) {
      return jsonAnswer(response, 421, 'Misdirected Request: this API answers only its own host');
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      try {
        handle(request, response, Buffer.concat(chunks), options);
      } catch (error) {
        // A request the router cannot read (a malformed escape, say) is the client's fault; the process lives on.
        if (error instanceof URIError) return jsonAnswer(response, 400, 'Bad Request: malformed URL');
        options.onError(error);
        jsonAnswer(response, 500, 'Internal Server Error');
      }
    });
  });
}

function handle(
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  options: Parameters<typeof createHttpApiServer>[0],
): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const route = selectRoute(options.routeKeys, request.method ?? 'GET', path);
  // API Gateway's own answer when no route matches and no `$default` route is declared.
  if (!route) return jsonAnswer(response, 404, 'Not Found');
  const event = toApiGatewayEvent(request, body, route, request.headers.host ?? 'localhost');
  options
    .handler(event, options.context())
    .then((result) => writeApiGatewayResult(response, result))
    .catch((error: unknown) => {
      // An unhandled error in the function is a 500 from API Gateway, without details.
      options.onError(error);
      if (response.headersSent) response.destroy();
      else jsonAnswer(response, 500, 'Internal Server Error');
    });
}
