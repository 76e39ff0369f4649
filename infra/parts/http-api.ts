/**
 * The public HTTP API (API Gateway v2): the api's routes and the `$default` catch-all, all to the api
 * function, stage throttling, access logs, no CORS (browsers on other origins are not clients unless
 * someone opts in), and with `apiAuth=iam` a SigV4 (AWS_IAM) authorizer on job submission.
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
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTE_KEYS, type ApiRouteKey, splitRouteKey } from '../../functions/api/route-keys.js';
import type { ApiAuthMode } from '../settings.js';

export interface PublicApiProps {
  readonly logRetention: RetentionDays;
  /** Steady requests per second across the stage. */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** `iam`: the routes in IAM_ROUTES require a SigV4 signature; `none`: every route is public. */
  readonly auth: ApiAuthMode;
}

/**
 * Routes `apiAuth=iam` guards: only submission, since it is what spends money and sends mail. The
 * status page (`GET /jobs/{jobId}`) stays public: the apology email links to it, a mail client cannot
 * sign, and its random job id is the capability. Downloads, unsubscribe, the page and its assets are
 * opened from mail clients and browsers.
 */
export const IAM_ROUTES: readonly ApiRouteKey[] = ['POST /jobs'];

export const API_ROUTES = API_ROUTE_KEYS.map((routeKey) => {
  const { method, path } = splitRouteKey(routeKey);
  return { routeKey, method: HttpMethod[method], path };
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
  private readonly auth: ApiAuthMode;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.auth = props.auth;
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
    const iam = new HttpIamAuthorizer();
    const publicRoutes: HttpRoute[] = [];
    for (const route of API_ROUTES) {
      const signed = this.auth === 'iam' && IAM_ROUTES.includes(route.routeKey);
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration,
        ...(signed && { authorizer: iam }),
      });
      if (!signed) publicRoutes.push(...added);
    }
    publicRoutes.push(
      new HttpRoute(this, 'DefaultRoute', {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.DEFAULT,
        integration,
      }),
    );
    for (const route of publicRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          this.auth === 'iam'
            ? 'Opened from mail clients and browsers, which cannot sign: download and unsubscribe tokens and job ids are unguessable capabilities, the page is static, and the stage is throttled.'
            : 'A public web form by design (apiAuth=none): job ids and download tokens are unguessable capabilities, submissions are rate-limited per client and recipient, and the stage is throttled.',
      });
    }
  }
}
