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

export function createHttpApiServer(options: {
  routeKeys: readonly string[];
  handler: ApiHandler;
  context: () => Context;
  onError: (error: unknown) => void;
}): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const route = selectRoute(options.routeKeys, request.method ?? 'GET', path);
      if (!route) {
        // API Gateway's own answer when no route matches and no `$default` route is declared.
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      const event = toApiGatewayEvent(
        request,
        Buffer.concat(chunks),
        route,
        request.headers.host ?? 'localhost',
      );
      options.handler(event, options.context()).then(
        (result) => writeApiGatewayResult(response, result),
        (error: unknown) => {
          // An unhandled error in the function is a 500 from API Gateway, without details.
          options.onError(error);
          response
            .writeHead(500, { 'content-type': 'application/json' })
            .end('{"message":"Internal Server Error"}');
        },
      );
    });
  });
}
