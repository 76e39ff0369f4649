import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioSyncApp } from '../../infra/audio-sync-app.js';
import { CDK_JSON_CONTEXT, synthesize, type Synthesized } from './synth.js';

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize();
});
afterAll(() => synth.dispose());

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  it('pass: the stack synthesizes with no unacknowledged finding', () => {
    const report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: { ruleName: string }[] }[];
    };
    expect(
      report.pluginReports.flatMap((plugin) => plugin.violations.map((violation) => violation.ruleName)),
    ).toEqual([]);
  });

  it('fail the synth on a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'audio-sync-cdk-'));
    const { app, stack } = createAudioSyncApp({
      outdir,
      context: {
        ...CDK_JSON_CONTEXT,
        '@aws-cdk/core:validateAgainstDefaultRules': false,
        'aws:cdk:bundling-stacks': [],
      },
    });
    new Bucket(stack, 'UnloggedBucket', { enforceSSL: true });
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('acknowledge only AwsSolutions rules, each with a reason a reviewer can check', () => {
    const acknowledged = acknowledgements(synth.stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(id, path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.split(' ').length, `${path} ${id}`).toBeGreaterThanOrEqual(8);
    }
  });
});
