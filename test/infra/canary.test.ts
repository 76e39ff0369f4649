import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY_METRIC, DEFAULT_CANARY_VIDEO_URL } from '../../functions/canary/config.js';
import { METRICS_NAMESPACE } from '../../functions/shared/metrics.js';
import { readSettings } from '../../infra/settings.js';
import {
  environmentOf,
  functionNamed,
  logicalIdOf,
  permissionsOfRole,
  render,
  synthesize,
  type Synthesized,
} from './synth.js';

let synth: Synthesized;
let canaryId: string;

type Resource = { Properties: Record<string, unknown> };
const only = (resources: Record<string, unknown>): Resource => {
  const values = Object.values(resources);
  if (values.length !== 1) throw new Error(`expected one resource, found ${values.length}`);
  return values[0] as Resource;
};
const schedule = (s: Synthesized) => only(s.template.findResources('AWS::Scheduler::Schedule')).Properties;
const canaryAlarm = (s: Synthesized) =>
  only(s.template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: CANARY_METRIC } }))
    .Properties;

beforeAll(() => {
  synth = synthesize();
  canaryId = functionNamed(synth.template, 'canary').logicalId;
});
afterAll(() => synth.dispose());

describe('the canary schedule', () => {
  it('runs every 6 hours by default', () => {
    expect(schedule(synth).ScheduleExpression).toBe('rate(6 hours)');
  });

  it('invokes the canary function', () => {
    expect(render((schedule(synth).Target as { Arn: unknown }).Arn)).toBe(`\${${canaryId}.Arn}`);
  });

  it('assumes a role that may invoke the canary function and nothing else', () => {
    const roleId = logicalIdOf(synth.stack.canary.schedulerRole);
    expect(render((schedule(synth).Target as { RoleArn: unknown }).RoleArn)).toBe(`\${${roleId}.Arn}`);
    expect(permissionsOfRole(synth.template, roleId)).toEqual([
      `lambda:InvokeFunction on \${${canaryId}.Arn}`,
    ]);
  });

  it('follows the canaryIntervalHours setting', () => {
    const hourly = synthesize({ canaryIntervalHours: '1' });
    try {
      expect(schedule(hourly).ScheduleExpression).toBe('rate(1 hour)');
    } finally {
      hourly.dispose();
    }
  });
});

describe('the canary function', () => {
  it('runs the canary handler from the media image', () => {
    const fn = functionNamed(synth.template, 'canary');
    expect(fn.properties.ImageConfig).toEqual({ Command: ['canary/handler.handler'] });
  });

  it('checks the video the canaryVideoUrl setting names, by default a long-lived public one', () => {
    expect(environmentOf(functionNamed(synth.template, 'canary')).CANARY_VIDEO_URL).toBe(
      DEFAULT_CANARY_VIDEO_URL,
    );
    const other = synthesize({ canaryVideoUrl: 'https://www.youtube.com/watch?v=M4gD1WSo5mA' });
    try {
      expect(environmentOf(functionNamed(other.template, 'canary')).CANARY_VIDEO_URL).toBe(
        'https://www.youtube.com/watch?v=M4gD1WSo5mA',
      );
    } finally {
      other.dispose();
    }
  });

  it('refuses a canaryVideoUrl that is not https at synth', () => {
    const context: Record<string, string> = { canaryVideoUrl: 'http://www.youtube.com/watch?v=jNQXAC9IVRw' };
    expect(() => readSettings((key) => context[key])).toThrow(/-c canaryVideoUrl/);
  });

  it('uses the same media source settings as extract', () => {
    const canary = environmentOf(functionNamed(synth.template, 'canary'));
    const extract = environmentOf(functionNamed(synth.template, 'extract'));
    for (const name of ['YOUTUBE_DRIVERS', 'YOUTUBE_CLIENTS', 'YTDLP_PATH', 'FFMPEG_PATH', 'SOURCE_KINDS']) {
      expect(canary[name], name).toEqual(extract[name]);
    }
  });
});

describe('the YouTubeCanaryFailing alarm', () => {
  it('watches the metric the canary publishes, in the service namespace', () => {
    const alarm = canaryAlarm(synth);
    expect(alarm.Namespace).toBe(METRICS_NAMESPACE);
    expect(alarm.Dimensions).toEqual([{ Name: 'service', Value: 'audio-sync' }]);
  });

  it('fires on one failed run', () => {
    const alarm = canaryAlarm(synth);
    expect([alarm.Statistic, alarm.ComparisonOperator, alarm.Threshold]).toEqual([
      'Maximum',
      'GreaterThanOrEqualToThreshold',
      1,
    ]);
  });

  it('counts a period without any run as failing', () => {
    expect(canaryAlarm(synth).TreatMissingData).toBe('breaching');
  });

  it('looks back one schedule interval plus an hour of slack', () => {
    expect(canaryAlarm(synth).Period).toBe(7 * 3600);
  });

  it('notifies the alarm topic', () => {
    expect((canaryAlarm(synth).AlarmActions as unknown[]).map(render)).toEqual([
      `\${${logicalIdOf(synth.stack.alarms.topic)}}`,
    ]);
  });
});
