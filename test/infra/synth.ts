/**
 * Synthesizes the CDK app the way `cdk synth` does (cdk.json's context, the cdk-nag plugin) into a
 * temporary folder, and reads the template back in the shapes the infra tests assert on.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { type App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAudioSyncApp } from '../../infra/audio-sync-app.js';
import { REPO_ROOT } from '../../infra/parts/paths.js';
import type { AudioSyncStack } from '../../infra/stack.js';

export interface Synthesized {
  app: App;
  stack: AudioSyncStack;
  template: Template;
  /** The cloud assembly folder (assets are staged here). */
  outdir: string;
  /** Removes the cloud assembly folder. */
  dispose(): void;
}

export interface SynthOptions {
  /** Run esbuild for the NodejsFunctions (slower; off where only the template matters). */
  bundling?: boolean;
  /** Also run CDK's built-in CloudFormation rules, as `cdk synth` does (slower). */
  defaultRules?: boolean;
}

export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

export function synthesize(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'audio-sync-cdk-'));
  const { app, stack } = createAudioSyncApp({
    outdir,
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.defaultRules ? {} : { '@aws-cdk/core:validateAgainstDefaultRules': false }),
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  app.synth();
  return {
    app,
    stack,
    template: Template.fromStack(stack),
    outdir,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

type Resource = { Type: string; Properties: Record<string, unknown> };

export interface LambdaFunction {
  logicalId: string;
  properties: {
    Environment?: { Variables?: Record<string, unknown> };
    Role: { 'Fn::GetAtt': [string, string] };
    [key: string]: unknown;
  };
}

/** The function whose Powertools service name is `audio-sync-<name>` (name = its functions/ folder). */
export function functionNamed(template: Template, name: string): LambdaFunction {
  const matches = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, resource]) =>
      (resource as Resource).Properties.Environment !== undefined &&
      (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .POWERTOOLS_SERVICE_NAME === `audio-sync-${name}`,
  );
  if (matches.length !== 1) throw new Error(`expected one function named ${name}, found ${matches.length}`);
  const [logicalId, resource] = matches[0]!;
  return { logicalId, properties: (resource as Resource).Properties as LambdaFunction['properties'] };
}

export function environmentOf(fn: LambdaFunction): Record<string, unknown> {
  return fn.properties.Environment?.Variables ?? {};
}

/** Renders a CloudFormation value as text: `{Ref: X}` as `${X}`, `{Fn::GetAtt: [X, A]}` as `${X.A}`. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('Ref' in object) return `\${${String(object.Ref)}}`;
    if ('Fn::GetAtt' in object) return `\${${(object['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

export interface Statement {
  actions: string[];
  resources: string[];
}

/** Every Allow statement of the policies attached to a role, actions and resources rendered as text. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    ((policy as Resource).Properties.Roles as unknown[]).some(
      (role) => render(role) === `\${${roleLogicalId}}`,
    ),
  );
  return policies.flatMap((policy) =>
    (
      (policy as Resource).Properties.PolicyDocument as {
        Statement: { Effect: string; Action: string | string[]; Resource: unknown }[];
      }
    ).Statement.filter((statement) => statement.Effect === 'Allow').map((statement) => ({
      actions: [statement.Action].flat(),
      resources: [statement.Resource].flat().map(render),
    })),
  );
}

/** The role's permissions as `action on resource` lines, sorted: easy to compare with a list. */
export function permissionsOfRole(template: Template, roleLogicalId: string): string[] {
  return statementsOfRole(template, roleLogicalId)
    .flatMap(({ actions, resources }) =>
      actions.flatMap((action) => resources.map((resource) => `${action} on ${resource}`)),
    )
    .sort();
}

export function roleOf(fn: LambdaFunction): string {
  return fn.properties.Role['Fn::GetAtt'][0];
}

/** The logical ID of an L2 construct's CloudFormation resource. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
