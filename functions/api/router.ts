/** Maps an API Gateway v2 request to one of the API's routes, or to a 404/405 answer. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApiDeps } from './deps.js';
import type { ApiRouteKey } from './route-keys.js';
import { ApiError, notFound, type ApiResponse } from './responses.js';
import { download } from './routes/download.js';
import { jobStatus } from './routes/job-status.js';
import { page, script, styleSheet } from './routes/page.js';
import { submitJob } from './routes/submit-job.js';

type RouteHandler = (event: APIGatewayProxyEventV2, param: string, deps: ApiDeps) => Promise<ApiResponse>;

interface Route {
  /** Written like the API Gateway route key, so logs never carry the path's secrets (download tokens). */
  name: ApiRouteKey;
  method: 'GET' | 'POST';
  path: RegExp;
  run: RouteHandler;
}

export const ROUTES: Route[] = [
  {
    name: 'POST /jobs',
    method: 'POST',
    path: /^\/jobs$/,
    run: (event, _param, deps) => submitJob(event, deps),
  },
  {
    name: 'GET /jobs/{jobId}',
    method: 'GET',
    path: /^\/jobs\/([^/]+)$/,
    run: (_event, id, deps) => jobStatus(id, deps),
  },
  {
    name: 'GET /download/{token}',
    method: 'GET',
    path: /^\/download\/([^/]+)$/,
    run: (event, token, deps) => download(token, deps, event),
  },
  { name: 'GET /', method: 'GET', path: /^\/$/, run: async () => page() },
  { name: 'GET /app.js', method: 'GET', path: /^\/app\.js$/, run: async () => script() },
  { name: 'GET /app.css', method: 'GET', path: /^\/app\.css$/, run: async () => styleSheet() },
];

export interface MatchedRoute {
  route: Route;
  param: string;
}

/** The request path without a named stage's prefix (`/prod/jobs` → `/jobs`); the `$default` stage has none. */
function routePath(event: APIGatewayProxyEventV2): string {
  const path = event.rawPath || '/';
  const stage = event.requestContext?.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) return path.slice(stage.length + 1);
  return path;
}

function decodeParam(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw notFound();
  }
}

/** The route for this request; throws ApiError 404 (unknown path) or 405 (known path, other method). */
export function matchRoute(event: APIGatewayProxyEventV2): MatchedRoute {
  const path = routePath(event);
  const method = event.requestContext?.http?.method?.toUpperCase() ?? '';
  const candidates = ROUTES.map((route) => ({ route, match: route.path.exec(path) })).filter(
    ({ match }) => match,
  );
  if (candidates.length === 0) throw notFound();
  const hit = candidates.find(({ route }) => route.method === method);
  if (!hit) {
    const allow = candidates.map(({ route }) => route.method).join(', ');
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `Use ${allow} on this path`, undefined, { allow });
  }
  return { route: hit.route, param: decodeParam(hit.match?.[1]) };
}
