/**
 * The public HTTP API (API Gateway v2): the api's routes and the `$default` catch-all, all to the api
 * function, stage throttling, access logs, and no CORS (browsers on other origins are not clients
 * unless someone opts in).
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTE_KEYS, splitRouteKey } from '../../functions/api/route-keys.js';

export interface PublicApiProps {
  readonly logRetention: RetentionDays;
  /** Steady requests per second across the stage. */
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export const API_ROUTES = API_ROUTE_KEYS.map((routeKey) => {
  const { method, path } = splitRouteKey(routeKey);
  return { method: HttpMethod[method], path };
});

// The route key, never the raw path: a download path carries the bearer token of an emailed link.
const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  sourceIp: '$context.identity.sourceIp',
};

export class PublicApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Audio Sync: submit jobs, read their status, follow download links.',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
  }

  /** The API's base URL (no trailing slash), as the functions put it in links. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * Sends every route to the api function. The `$default` route makes API Gateway forward requests
   * no route matches, so clients get the api's JSON 404 and 405 rather than API Gateway's bare 404.
   */
  routeTo(handler: IFunction): void {
    const integration = new HttpLambdaIntegration('ApiFunction', handler);
    const routes = API_ROUTES.flatMap((route) =>
      this.httpApi.addRoutes({ path: route.path, methods: [route.method], integration }),
    );
    routes.push(
      new HttpRoute(this, 'DefaultRoute', {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.DEFAULT,
        integration,
      }),
    );
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A public API by design: job ids and download tokens are unguessable capabilities, and the stage is throttled.',
      });
    }
  }
}
