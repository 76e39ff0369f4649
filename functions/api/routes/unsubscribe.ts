/**
 * `POST /unsubscribe/{token}`: RFC 8058 one-click unsubscribe. Mail clients POST
 * `List-Unsubscribe=One-Click` to the URL in our `List-Unsubscribe` header; the body is not needed (the
 * token says whom), and a GET, which link scanners send, changes nothing.
 */
import type { ApiDeps } from '../deps.js';
import { json, notFound, type ApiResponse } from '../responses.js';

export async function unsubscribe(token: string, deps: ApiDeps): Promise<ApiResponse> {
  if (!(await deps.suppression.unsubscribe(token, deps.now()))) throw notFound('No such unsubscribe link');
  return json(200, { unsubscribed: true });
}
