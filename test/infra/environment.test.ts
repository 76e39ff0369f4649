import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiConfig } from '../../functions/api/config.js';
import { extractConfig } from '../../functions/extract/config.js';
import { failedConfig } from '../../functions/failed/config.js';
import { notifyConfig } from '../../functions/notify/config.js';
import { starterConfig } from '../../functions/starter/config.js';
import { validateConfig } from '../../functions/validate/config.js';
import { type FunctionConfig, isRequired, SECRET_REFERENCE_SUFFIX } from '../../infra/parts/environment.js';
import { readSettings } from '../../infra/settings.js';
import {
  environmentOf,
  functionNamed,
  permissionsOfRole,
  roleOf,
  synthesize,
  type Synthesized,
} from './synth.js';

const CONFIGS: Record<string, FunctionConfig> = {
  api: apiConfig,
  starter: starterConfig,
  validate: validateConfig,
  extract: extractConfig,
  notify: notifyConfig,
  failed: failedConfig,
};

/** Variables that belong to the runtime or to Powertools (the stack sets none of Lambda's own `AWS_LAMBDA_*`). */
const isRuntimeOwn = (variable: string) =>
  variable.startsWith('POWERTOOLS_') || variable.startsWith('AWS_LAMBDA_') || variable === 'NODE_OPTIONS';

const COOKIES_SECRET =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:audio-sync/youtube-cookies-AbCdEf';
const PROXY_PARAMETER = 'arn:aws:ssm:eu-west-1:123456789012:parameter/audio-sync/source-proxy-url';

/** Every optional setting given, so every variable of every schema has a value. */
const EVERYTHING_CONFIGURED = {
  senderEmail: 'audio@mail.example.org',
  senderIdentity: 'mail.example.org',
  publicApiUrl: 'https://audio.example.org',
  alarmEmail: 'ops@example.org',
  linkTtlHours: '30',
  youtubeDrivers: 'ytdlp,youtubei',
  youtubeClients: 'VISIONOS,TV',
  ytdlpPlayerClients: 'tv,web_safari',
  youtubeCookiesSecretArn: COOKIES_SECRET,
  sourceProxyUrlSecretArn: PROXY_PARAMETER,
  extractReservedConcurrency: '0',
  extractMemoryMb: '3538',
};

let byDefault: Synthesized;
let configured: Synthesized;
beforeAll(() => {
  byDefault = synthesize();
  configured = synthesize(EVERYTHING_CONFIGURED);
});
afterAll(() => {
  byDefault.dispose();
  configured.dispose();
});

describe('each function’s environment against its config schema', () => {
  it.each(Object.keys(CONFIGS))(
    'gives %s only variables its schema reads, and every required one',
    (name) => {
      const config = CONFIGS[name]!;
      const variables = Object.keys(environmentOf(functionNamed(byDefault.template, name))).filter(
        (variable) => !isRuntimeOwn(variable),
      );
      expect(variables.filter((variable) => !config.variables.includes(variable))).toEqual([]);
      const required = config.variables.filter((variable) => isRequired(config, variable));
      expect(required.filter((variable) => !variables.includes(variable))).toEqual([]);
    },
  );

  it.each(Object.keys(CONFIGS))(
    'gives %s exactly its schema’s variables when everything is configured (secrets by reference)',
    (name) => {
      const variables = Object.keys(environmentOf(functionNamed(configured.template, name)))
        .filter((variable) => !isRuntimeOwn(variable))
        .map((variable) => variable.replace(new RegExp(`${SECRET_REFERENCE_SUFFIX}$`), ''))
        .sort();
      expect(variables).toEqual([...CONFIGS[name]!.variables].filter((v) => !isRuntimeOwn(v)).sort());
    },
  );

  it.each(Object.keys(CONFIGS))('gives %s literal values its schema accepts', (name) => {
    const config = CONFIGS[name]!;
    const environment = environmentOf(functionNamed(configured.template, name));
    for (const [variable, value] of Object.entries(environment)) {
      if (typeof value !== 'string' || !config.variables.includes(variable)) continue;
      expect(config.schema.shape[variable]!.safeParse(value).success, `${variable}=${value}`).toBe(true);
    }
  });

  it('sets optional YouTube variables only when configured', () => {
    const environment = environmentOf(functionNamed(byDefault.template, 'validate'));
    for (const variable of [
      'YOUTUBE_CLIENTS',
      'YTDLP_PLAYER_CLIENTS',
      'YOUTUBE_COOKIES',
      'SOURCE_PROXY_URL',
    ]) {
      expect(environment[variable]).toBeUndefined();
      expect(environment[`${variable}${SECRET_REFERENCE_SUFFIX}`]).toBeUndefined();
    }
  });

  it('keeps private and file sources refused in AWS', () => {
    for (const name of ['api', 'validate', 'extract']) {
      expect(environmentOf(functionNamed(byDefault.template, name))).toMatchObject({
        ALLOW_PRIVATE_SOURCES: 'false',
        ALLOW_FILE_SOURCES: 'false',
      });
    }
  });
});

describe('deployment settings', () => {
  it('passes YouTube secrets to validate and extract by ARN, never by value', () => {
    for (const name of ['validate', 'extract']) {
      expect(environmentOf(functionNamed(configured.template, name))).toMatchObject({
        YOUTUBE_COOKIES_SECRET_ARN: COOKIES_SECRET,
        SOURCE_PROXY_URL_SECRET_ARN: PROXY_PARAMETER,
      });
    }
  });

  it('lets only validate and extract read exactly those secrets', () => {
    const secretLines = (name: string) =>
      permissionsOfRole(configured.template, roleOf(functionNamed(configured.template, name))).filter(
        (line) => /^(secretsmanager|ssm):/.test(line),
      );
    const expected = [
      `secretsmanager:GetSecretValue on ${COOKIES_SECRET}`,
      `ssm:GetParameter on ${PROXY_PARAMETER}`,
    ].sort();
    expect(secretLines('validate')).toEqual(expected);
    expect(secretLines('extract')).toEqual(expected);
    for (const name of ['api', 'starter', 'notify', 'failed']) expect(secretLines(name)).toEqual([]);
  });

  it('scopes ses:SendEmail to the configured identity', () => {
    const lines = permissionsOfRole(
      configured.template,
      roleOf(functionNamed(configured.template, 'notify')),
    );
    expect(lines.filter((line) => line.startsWith('ses:') && !line.includes(':configuration-set/'))).toEqual([
      'ses:SendEmail on arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/mail.example.org',
    ]);
    expect(environmentOf(functionNamed(configured.template, 'notify')).SENDER_EMAIL).toBe(
      'audio@mail.example.org',
    );
  });

  it('uses a configured public URL in links instead of the API endpoint', () => {
    for (const name of ['api', 'notify', 'failed']) {
      expect(environmentOf(functionNamed(configured.template, name)).PUBLIC_API_URL).toBe(
        'https://audio.example.org',
      );
    }
  });

  it('expires objects ceil(linkTtlHours / 24) days plus the margin after upload', () => {
    configured.template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'ExpireAudio', ExpirationInDays: 3, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('subscribes the alarm email to the alarm topic', () => {
    configured.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('reserves no extract concurrency when asked for 0', () => {
    expect(
      functionNamed(configured.template, 'extract').properties.ReservedConcurrentExecutions,
    ).toBeUndefined();
  });

  it('gives extract the memory asked for: 3,538 MB is two vCPUs, so two mp3 encoders', () => {
    expect(functionNamed(configured.template, 'extract').properties.MemorySize).toBe(3538);
  });

  it('rejects a bad setting at synth, naming the context key', () => {
    const context: Record<string, string> = {
      senderEmail: 'not-an-email',
      youtubeCookiesSecretArn: 'cookies',
    };
    expect(() => readSettings((key) => context[key])).toThrow(/-c senderEmail:.*-c youtubeCookiesSecretArn:/);
  });

  it('rejects an unknown YouTube driver', () => {
    expect(() =>
      readSettings((key) => (key === 'youtubeDrivers' ? 'youtubei,ytdl-core' : undefined)),
    ).toThrow(/-c youtubeDrivers/);
  });
});
