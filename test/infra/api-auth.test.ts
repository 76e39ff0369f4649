/** `-c apiAuth`: none (the public form, default) leaves every route open; iam signs job submission only. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLARED_ROUTE_KEYS } from '../../functions/api/route-keys.js';
import { createAudioSyncApp } from '../../infra/audio-sync-app.js';
import { readSettings } from '../../infra/settings.js';
import { CDK_JSON_CONTEXT, synthesize, type Synthesized } from './synth.js';

const SIGNED = ['POST /jobs'];
// Opened from mail clients and browsers, which cannot sign.
const PUBLIC = DECLARED_ROUTE_KEYS.filter((routeKey) => !SIGNED.includes(routeKey));

function nagViolations(synth: Synthesized): string[] {
  const report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: { ruleName: string }[] }[];
  };
  return report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => violation.ruleName));
}

describe('apiAuth=none (default)', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize();
  });
  afterAll(() => synth.dispose());

  it.each(DECLARED_ROUTE_KEYS)('leaves %s public', (routeKey) => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'NONE',
    });
  });

  it('declares no authorizer', () => {
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });
});

describe('apiAuth=iam', () => {
  let synth: Synthesized;
  beforeAll(() => {
    synth = synthesize({ apiAuth: 'iam' });
  });
  afterAll(() => synth.dispose());

  it('requires a SigV4 signature on POST /jobs', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /jobs',
      AuthorizationType: 'AWS_IAM',
    });
  });

  it.each(PUBLIC)('leaves %s public for mail clients and browsers', (routeKey) => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'NONE',
    });
  });

  it('passes cdk-nag with no unacknowledged finding', () => {
    expect(nagViolations(synth)).toEqual([]);
  });
});

describe('apiAuth validation', () => {
  it('throws naming apiAuth and the allowed values for anything else', () => {
    expect(() => readSettings((key) => (key === 'apiAuth' ? 'cognito' : undefined))).toThrow(
      /-c apiAuth: either none \(public form\) or iam \(SigV4\)/,
    );
  });

  it('refuses a bad value when the app is built, before any synth', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'audio-sync-cdk-'));
    try {
      expect(() => createAudioSyncApp({ outdir, context: { ...CDK_JSON_CONTEXT, apiAuth: 'IAM ' } })).toThrow(
        /apiAuth/,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
