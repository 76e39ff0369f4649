/** Every response the API sends: JSON bodies, security headers, and the `{error:{code,field,message}}` shape. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type ApiResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // A JSON API is never a page: nothing may render, frame or cache it (OWASP REST Security).
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, headers: { ...SECURITY_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export interface ErrorBody {
  error: { code: string; field?: string; message: string };
}

/** A request the API refuses with a documented status and code; anything else thrown is a 500. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toResponse(): ApiResponse {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    return json(this.statusCode, { error }, this.headers);
  }
}

export const notFound = (message = 'No such resource') => new ApiError(404, 'NOT_FOUND', message);

export function internalError(): ApiResponse {
  return json(500, {
    error: { code: 'INTERNAL', message: 'Something went wrong on our side; try again later' },
  });
}
