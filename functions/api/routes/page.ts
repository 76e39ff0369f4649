/** `GET /`, its scripts (`/app.js`, `/options.js`) and `GET /app.css`: the page for people, served by the API itself (same origin, no CORS). */
import { WEB_ASSETS } from '../web/assets.generated.js';
import { PAGE_CSP, pageResponse } from '../web/page-response.js';
import type { ApiResponse } from '../responses.js';

// Short, so a deploy reaches returning visitors within minutes; the HTML itself is never cached.
const ASSET_CACHE_SECONDS = 300;

export function page(): ApiResponse {
  return pageResponse(200, 'html', WEB_ASSETS['index.html'], { csp: PAGE_CSP });
}

export function script(name: 'app.js' | 'options.js'): ApiResponse {
  return pageResponse(200, 'js', WEB_ASSETS[name], { cacheSeconds: ASSET_CACHE_SECONDS });
}

export function styleSheet(): ApiResponse {
  return pageResponse(200, 'css', WEB_ASSETS['app.css'], { cacheSeconds: ASSET_CACHE_SECONDS });
}
