/** The API's routes as API Gateway route keys: the api router, the CDK app and the local stack share this list. */
export const API_ROUTE_KEYS = [
  'POST /jobs',
  'GET /jobs/{jobId}',
  'GET /download/{token}',
  'GET /',
  'GET /app.js',
  'GET /app.css',
] as const;

export type ApiRouteKey = (typeof API_ROUTE_KEYS)[number];

/** `GET /jobs/{jobId}` → `{ method: 'GET', path: '/jobs/{jobId}' }`. */
export function splitRouteKey(routeKey: ApiRouteKey): { method: 'GET' | 'POST'; path: string } {
  const [method, path] = routeKey.split(' ') as ['GET' | 'POST', string];
  return { method, path };
}
