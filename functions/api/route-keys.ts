/**
 * The API's routes as API Gateway route keys, and API Gateway's way of choosing one for a request.
 * The api router, the CDK app and the local stack share this list. A new route is one key here: the
 * compiler then asks router.ts for its handler, and the CDK app and the local API declare it.
 */
export const API_ROUTE_KEYS = [
  'POST /jobs',
  'GET /jobs/{jobId}',
  'GET /download/{token}',
  'POST /unsubscribe/{token}',
  'GET /',
  'GET /app.js',
  'GET /options.js',
  'GET /app.css',
  'GET /openapi.json',
] as const;

export type ApiRouteKey = (typeof API_ROUTE_KEYS)[number];

/** API Gateway's catch-all: it gets every request no other route matches, so the api answers 404/405 itself. */
export const DEFAULT_ROUTE_KEY = '$default';

/** Every route the HTTP API declares, each integrated with the api function. */
export const DECLARED_ROUTE_KEYS = [...API_ROUTE_KEYS, DEFAULT_ROUTE_KEY] as const;

/** The names of a route key's path variables: `'GET /jobs/{jobId}'` → `'jobId'`. */
export type PathParameterOf<K extends string> = K extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer Greedy}+` ? Greedy : Name) | PathParameterOf<Rest>
  : never;

export function isApiRouteKey(routeKey: string): routeKey is ApiRouteKey {
  return (API_ROUTE_KEYS as readonly string[]).includes(routeKey);
}

/** `GET /jobs/{jobId}` → `{ method: 'GET', path: '/jobs/{jobId}' }`. */
export function splitRouteKey(routeKey: ApiRouteKey): { method: 'GET' | 'POST'; path: string } {
  const [method, path] = routeKey.split(' ') as ['GET' | 'POST', string];
  return { method, path };
}

export interface RouteKeyMatch {
  routeKey: string;
  /** Decoded, as API Gateway passes them; absent for a route without variables. */
  pathParameters?: Record<string, string>;
}

interface PathMatch {
  routeKey: string;
  method: string;
  /** Lower is more specific: literal segments beat `{var}`, which beats a greedy `{var+}`. */
  rank: number;
  pathParameters?: Record<string, string>;
}

function matchPath(routeKey: string, path: string): PathMatch | undefined {
  const [method = '', template = ''] = routeKey.split(' ');
  const names: string[] = [];
  let rank = 0;
  const pattern = template.replace(/[.*?^$()|[\]\\]|\{([^}]+)\}/g, (token, variable?: string) => {
    if (variable === undefined) return `\\${token}`;
    const greedy = variable.endsWith('+');
    names.push(greedy ? variable.slice(0, -1) : variable);
    rank += greedy ? 1000 : 1;
    return greedy ? '(.+)' : '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(path);
  if (!match) return undefined;
  if (names.length === 0) return { routeKey, method, rank };
  let values: string[];
  try {
    values = match.slice(1).map((value) => decodeURIComponent(value));
  } catch {
    return undefined; // a malformed escape (`%zz`) names no resource
  }
  return {
    routeKey,
    method,
    rank,
    pathParameters: Object.fromEntries(names.map((name, index) => [name, values[index]!])),
  };
}

/** The declared routes whose path matches, most specific first. */
function pathMatches(routeKeys: readonly string[], path: string): PathMatch[] {
  return routeKeys
    .filter((routeKey) => routeKey !== DEFAULT_ROUTE_KEY)
    .flatMap((routeKey) => matchPath(routeKey, path) ?? [])
    .sort((a, b) => a.rank - b.rank);
}

/**
 * The route API Gateway picks: the most specific path, a named method before `ANY`, else `$default`
 * when declared. `undefined` means API Gateway itself answers 404 `{"message":"Not Found"}`.
 */
export function selectRoute(
  routeKeys: readonly string[],
  method: string,
  path: string,
): RouteKeyMatch | undefined {
  const matches = pathMatches(routeKeys, path);
  const hit =
    matches.find((match) => match.method === method) ?? matches.find((match) => match.method === 'ANY');
  if (hit)
    return hit.pathParameters
      ? { routeKey: hit.routeKey, pathParameters: hit.pathParameters }
      : { routeKey: hit.routeKey };
  return routeKeys.includes(DEFAULT_ROUTE_KEY) ? { routeKey: DEFAULT_ROUTE_KEY } : undefined;
}

/** The methods the given routes declare for this path (empty: no route has it), for a 405's `Allow`. */
export function methodsForPath(routeKeys: readonly string[], path: string): string[] {
  return [...new Set(pathMatches(routeKeys, path).map((match) => match.method))];
}
