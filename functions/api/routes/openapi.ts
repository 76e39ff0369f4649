/** `GET /openapi.json`: the API's own description, for programs and code generators. */
import { OPENAPI_DOCUMENT } from '../openapi/document.js';
import { json, type ApiResponse } from '../responses.js';

const BODY = JSON.stringify(OPENAPI_DOCUMENT);

export function openApi(): ApiResponse {
  return { ...json(200, {}, { 'cache-control': 'public, max-age=300' }), body: BODY };
}
