/** The HTTP API Lambda (API Gateway HTTP API, payload v2): routes the request, runs it, maps errors to responses. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { lambdaHandler } from '../shared/handler.js';
import { logger } from '../shared/logger.js';
import { defaultDeps, type ApiDeps } from './deps.js';
import { ApiError, internalError, type ApiResponse } from './responses.js';
import { matchRoute } from './router.js';

export type ApiHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<ApiResponse>;

export function createApiHandler(deps: ApiDeps): ApiHandler {
  // The wrapper drops the keys appended for a request (its jobId) before the next one is logged.
  return lambdaHandler(async (event: APIGatewayProxyEventV2) => {
    let routeName = 'unrouted';
    try {
      const route = matchRoute(event);
      routeName = route.key;
      return await route.run(deps);
    } catch (error) {
      if (error instanceof ApiError) {
        logger.info('Request refused', { route: routeName, status: error.statusCode, code: error.code });
        return error.toResponse();
      }
      logger.error('Request failed', { route: routeName, error });
      return internalError();
    }
  });
}

let deployed: ApiHandler | undefined;

/** The deployed entry point; config and clients are built on the first request, so importing needs no environment. */
export const handler: ApiHandler = async (event, context) =>
  (deployed ??= createApiHandler(defaultDeps()))(event, context);
