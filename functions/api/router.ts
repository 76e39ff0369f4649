/**
 * The api's routing table: API Gateway has already chosen the route (`event.routeKey`); requests no
 * route matched arrive as `$default` and get the JSON 404, or 405 when the path exists for another method.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiDeps } from './deps.js';
import {
  API_ROUTE_KEYS,
  isApiRouteKey,
  methodsForPath,
  type ApiRouteKey,
  type PathParameterOf,
} from './route-keys.js';
import { ApiError, notFound, type ApiResponse } from './responses.js';
import { download } from './routes/download.js';
import { jobStatus } from './routes/job-status.js';
import { openApi } from './routes/openapi.js';
import { page, script, styleSheet } from './routes/page.js';
import { submitJob } from './routes/submit-job.js';
import { unsubscribe } from './routes/unsubscribe.js';

export interface RouteRequest<K extends ApiRouteKey> {
  event: APIGatewayProxyEventV2;
  /** The route's path variables, decoded, as API Gateway passes them. */
  params: Record<PathParameterOf<K>, string>;
}

type RouteHandler<K extends ApiRouteKey> = (request: RouteRequest<K>, deps: ApiDeps) => Promise<ApiResponse>;

/** One entry per route key; a key without a handler does not compile. */
export const ROUTES: { [K in ApiRouteKey]: RouteHandler<K> } = {
  'POST /jobs': ({ event }, deps) => submitJob(event, deps),
  'GET /jobs/{jobId}': ({ params }, deps) => jobStatus(params.jobId, deps),
  'GET /download/{token}': ({ event, params }, deps) => download(params.token, deps, event),
  'POST /unsubscribe/{token}': ({ params }, deps) => unsubscribe(params.token, deps),
  'GET /': async () => page(),
  'GET /app.js': async () => script('app.js'),
  'GET /options.js': async () => script('options.js'),
  'GET /app.css': async () => styleSheet(),
  'GET /openapi.json': async () => openApi(),
};

export interface MatchedRoute {
  /** The route key: logs carry it, never the path (a download path holds the link's token). */
  key: ApiRouteKey;
  run(deps: ApiDeps): Promise<ApiResponse>;
}

/** The request path without a named stage's prefix (`/prod/jobs` → `/jobs`); the `$default` stage has none. */
function routePath(event: APIGatewayProxyEventV2): string {
  const path = event.rawPath || '/';
  const stage = event.requestContext?.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) return path.slice(stage.length + 1);
  return path;
}

function paramsOf<K extends ApiRouteKey>(key: K, event: APIGatewayProxyEventV2): RouteRequest<K>['params'] {
  const params: Record<string, string> = {};
  for (const [, name] of key.matchAll(/\{([^}+]+)\+?\}/g)) {
    const value = event.pathParameters?.[name!];
    if (value === undefined || value === '') throw notFound();
    params[name!] = value;
  }
  return params as RouteRequest<K>['params'];
}

/** The route for this request; throws ApiError 404 (unknown path) or 405 (known path, other method). */
export function matchRoute(event: APIGatewayProxyEventV2): MatchedRoute {
  const key = event.routeKey;
  if (isApiRouteKey(key)) {
    const handler = ROUTES[key] as RouteHandler<typeof key>;
    const request = { event, params: paramsOf(key, event) };
    return { key, run: (deps) => handler(request, deps) };
  }
  const allowed = methodsForPath(API_ROUTE_KEYS, routePath(event));
  if (allowed.length === 0) throw notFound();
  const allow = allowed.join(', ');
  throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Use ${allow} on this path`, undefined, { allow });
}
